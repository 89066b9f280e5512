package dev.jtune.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model family changes in the shared decoder, read from its {@code config.json}: one description per model
 * instead of model-type tests spread through the engine. Llama is the baseline (every flag off).
 *
 * @param qkNorm            RMSNorm over each query and key head before the rotary embedding (Qwen3, Gemma 3)
 * @param unitOffsetNorms   RMSNorms scale by (1 + w) (Gemma)
 * @param sandwichNorms     norms after attention and after the MLP too; the MLP reads pre_feedforward_layernorm
 *                          (Gemma 3)
 * @param embeddingScale    token embeddings are multiplied by this (Gemma: √hidden, in the weights' dtype); 1: none
 * @param activation        the gated MLP's activation
 * @param queryScale        the attention scale (1/√head_dim, Gemma: 1/√query_pre_attn_scalar)
 * @param finalLogitSoftcap logits become cap·tanh(logits/cap) (Gemma); 0: none
 * @param fusedCheckpoint   q/k/v and gate/up are stored (and adapted by PEFT) as the single modules qkv_proj and
 *                          gate_up_proj (Phi-3)
 * @param layers            each decoder layer's rotary embedding and attention window
 */
public record Architecture(boolean qkNorm, boolean unitOffsetNorms, boolean sandwichNorms, float embeddingScale,
                           Activation activation, double queryScale, double finalLogitSoftcap,
                           boolean fusedCheckpoint, List<LayerAttention> layers) {

    /** The fused module names of {@link FusedProjection#GROUPS}, in the same order, when the checkpoint fuses them. */
    public static final List<String> FUSED_MODULES = List.of("qkv_proj", "gate_up_proj");

    /** The linear projections of a layer by PEFT's module names (what {@code all-linear} adapts). */
    public List<String> projections() {
        return fusedCheckpoint ? List.of("qkv_proj", "o_proj", "gate_up_proj", "down_proj") : WeightLayout.PROJECTIONS;
    }

    /** Whether all layers attend alike (one rotary table and mask serve them all). */
    public boolean uniformLayers() {
        return layers.stream().distinct().count() <= 1;
    }

    /** Largest rotary dimension of any layer (the rotate-half matrix's size; NoPE layers use none of it). */
    public int rotaryDim() {
        return layers.stream().mapToInt(LayerAttention::rotaryDim).max().orElse(0);
    }

    static Architecture parse(ObjectNode root, String type, int hidden, int headDim, int numLayers,
                              String source) throws ModelFormatException {
        boolean gemma = type.equals("gemma3_text");
        String act = root.path(gemma ? "hidden_activation" : "hidden_act").asText(gemma ? "gelu_pytorch_tanh" : "silu");
        double queryScale = gemma ? 1.0 / Math.sqrt(root.path("query_pre_attn_scalar").asDouble(headDim))
                : 1.0 / Math.sqrt(headDim);
        double softcap = root.path("final_logit_softcapping").isNumber()
                ? root.get("final_logit_softcapping").asDouble() : 0;
        if (root.path("attn_logit_softcapping").isNumber()) {
            throw new ModelFormatException(source + ": attn_logit_softcapping (Gemma 2) is not supported; Gemma 3 "
                    + "checkpoints have it null.");
        }
        return new Architecture(gemma || type.equals("qwen3"), gemma, gemma,
                gemma ? (float) Math.sqrt(hidden) : 1f, Activation.parse(act, source), queryScale, softcap,
                type.equals("phi3"), layers(root, type, headDim, numLayers, source));
    }

    private static List<LayerAttention> layers(ObjectNode root, String type, int headDim, int numLayers,
                                                String source) throws ModelFormatException {
        JsonNode params = root.path("rope_parameters");
        boolean perLayerType = params.isObject() && params.path("full_attention").isObject();
        JsonNode global = perLayerType ? params.get("full_attention") : params.isObject() ? params
                : root.path("rope_scaling");
        double globalTheta = global.path("rope_theta").asDouble(root.path("rope_theta").asDouble(10000.0));
        double localTheta = perLayerType
                ? params.get("sliding_attention").path("rope_theta").asDouble(10000.0)
                : root.path("rope_local_base_freq").asDouble(globalTheta);
        RopeScaling globalScaling = RopeScalings.parse(global, source);
        RopeScaling localScaling = perLayerType ? RopeScalings.parse(params.get("sliding_attention"), source)
                : RopeScaling.NONE;
        double partial = global.path("partial_rotary_factor").asDouble(root.path("partial_rotary_factor").asDouble(1));
        int rotaryDim = (int) (headDim * partial);
        LongRope longRope = RopeScalings.longRope(global, root, rotaryDim, source);
        int window = root.path("sliding_window").isNumber() ? root.get("sliding_window").asInt() : 0;
        JsonNode layerTypes = root.path("layer_types");
        JsonNode noRope = root.path("no_rope_layers");
        List<LayerAttention> layers = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            boolean sliding;
            if (type.equals("mistral") || type.equals("phi3")) {
                // transformers masks every layer of these with sliding_window when it is set, whatever layer_types says
                sliding = true;
            } else if (layerTypes.isArray() && layerTypes.size() == numLayers) {
                sliding = "sliding_attention".equals(layerTypes.get(i).asText());
            } else if (type.equals("gemma3_text")) {
                int pattern = root.path("sliding_window_pattern").asInt(root.path("_sliding_window_pattern").asInt(6));
                sliding = (i + 1) % pattern != 0;
            } else {
                sliding = false;
            }
            boolean rotary = !(noRope.isArray() && noRope.size() == numLayers && noRope.get(i).asInt() == 0);
            boolean local = sliding && type.equals("gemma3_text");
            layers.add(new LayerAttention(local ? localTheta : globalTheta, local ? localScaling : globalScaling,
                    local ? null : longRope, rotary ? rotaryDim : 0, sliding ? window : 0));
        }
        return List.copyOf(layers);
    }
}
