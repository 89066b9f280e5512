package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;

/**
 * What every decoder layer of one forward call shares, built once per call: rotary tables (the query's carry the
 * attention scale 1/√headDim, so scaling costs no op per layer) and the additive attention mask.
 *
 * @param cos  [rows, T, 1, headDim]
 * @param sin  [rows, T, 1, headDim]
 * @param cosQ cos / √headDim
 * @param sinQ sin / √headDim
 * @param mask [rows, 1, 1, T, past + T], 0 where a query may attend a key, a large negative elsewhere
 */
public record LayerContext(NDArray cos, NDArray sin, NDArray cosQ, NDArray sinQ, NDArray mask) {
}
