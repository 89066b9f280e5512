package dev.jtune.trainer.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HuggingFace tensor names and shapes a config implies, in checkpoint order. */
public final class WeightLayout {

    /**
     * The seven linear projections of a Llama-like decoder layer, as PEFT's {@code all-linear} finds them; a
     * family's own list is {@link Architecture#projections()} (Phi-3 stores qkv_proj and gate_up_proj).
     */
    public static final List<String> PROJECTIONS = List.of(
            "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    /** Every family's projection names (Phi-3's fused ones besides the seven). */
    public static final List<String> KNOWN_PROJECTIONS = List.of(
            "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "qkv_proj", "gate_up_proj");

    private WeightLayout() {
    }

    public static String layer(int i) {
        return "model.layers." + i + ".";
    }

    /** Module path of a projection, e.g. {@code model.layers.0.self_attn.q_proj}. */
    public static String module(int layer, String projection) {
        String block = projection.endsWith("_proj") && (projection.startsWith("gate") || projection.startsWith("up")
                || projection.startsWith("down")) ? "mlp." : "self_attn.";
        return layer(layer) + block + projection;
    }

    /** [out, in] of a projection. */
    public static long[] projectionShape(ModelConfig c, String projection) {
        long d = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        long inter = c.intermediateSize();
        return switch (projection) {
            case "q_proj" -> new long[] {q, d};
            case "k_proj", "v_proj" -> new long[] {kv, d};
            case "o_proj" -> new long[] {d, q};
            case "gate_proj", "up_proj" -> new long[] {inter, d};
            case "down_proj" -> new long[] {d, inter};
            case "qkv_proj" -> new long[] {q + 2 * kv, d};
            case "gate_up_proj" -> new long[] {2 * inter, d};
            default -> throw new IllegalArgumentException("unknown projection " + projection);
        };
    }

    public static boolean hasBias(ModelConfig c, String projection) {
        return switch (projection) {
            case "q_proj", "k_proj", "v_proj", "qkv_proj" -> c.qkvBias();
            case "o_proj" -> c.oBias();
            default -> c.mlpBias();
        };
    }

    /** Every tensor the model needs, name → shape. */
    public static Map<String, long[]> expected(ModelConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        long d = c.hiddenSize();
        m.put("model.embed_tokens.weight", new long[] {c.vocabSize(), d});
        Architecture arch = c.architecture();
        for (int i = 0; i < c.numLayers(); i++) {
            m.put(layer(i) + "input_layernorm.weight", new long[] {d});
            if (arch.qkNorm()) {
                m.put(layer(i) + "self_attn.q_norm.weight", new long[] {c.headDim()});
                m.put(layer(i) + "self_attn.k_norm.weight", new long[] {c.headDim()});
            }
            for (String p : arch.projections()) {
                long[] shape = projectionShape(c, p);
                m.put(module(i, p) + ".weight", shape);
                if (hasBias(c, p)) {
                    m.put(module(i, p) + ".bias", new long[] {shape[0]});
                }
            }
            m.put(layer(i) + "post_attention_layernorm.weight", new long[] {d});
            if (arch.sandwichNorms()) {
                m.put(layer(i) + "pre_feedforward_layernorm.weight", new long[] {d});
                m.put(layer(i) + "post_feedforward_layernorm.weight", new long[] {d});
            }
        }
        m.put("model.norm.weight", new long[] {d});
        if (!c.tieWordEmbeddings()) {
            m.put("lm_head.weight", new long[] {c.vocabSize(), d});
        }
        return m;
    }
}
