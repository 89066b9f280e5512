package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * What every decoder layer of one forward call shares, built once per call: rotary tables (the query's carry the
 * attention scale 1/√headDim, so scaling costs no op per layer) and the attention's query blocks with their masks.
 *
 * @param cos    [rows, T, 1, headDim]
 * @param sin    [rows, T, 1, headDim]
 * @param cosQ   cos / √headDim
 * @param sinQ   sin / √headDim
 * @param blocks the query blocks in order, covering the call's T tokens
 * @param byLayer null when every layer attends alike; else each layer's own context (Gemma 3's local and global
 *                layers, SmolLM3's NoPE layers differ in rotary tables and window)
 */
public record LayerContext(NDArray cos, NDArray sin, NDArray cosQ, NDArray sinQ, List<QueryBlock> blocks,
                           List<LayerContext> byLayer) {

    public LayerContext(NDArray cos, NDArray sin, NDArray cosQ, NDArray sinQ, List<QueryBlock> blocks) {
        this(cos, sin, cosQ, sinQ, blocks, null);
    }

    /** The context of decoder layer {@code layer}. */
    public LayerContext of(int layer) {
        return byLayer == null ? this : byLayer.get(layer);
    }

    /**
     * Queries {@code start} to {@code end} (exclusive) of the call and the keys they can see: the cached ones and
     * the new ones before {@code end}.
     *
     * @param mask [rows, 1, 1, end − start, keys], 0 where a query may attend a key, a large negative elsewhere
     */
    public record QueryBlock(int start, int end, int keys, NDArray mask) {
    }
}
