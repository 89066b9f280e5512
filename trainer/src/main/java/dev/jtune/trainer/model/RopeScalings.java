package dev.jtune.trainer.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Reads rotary scaling from a {@code rope_scaling} / {@code rope_parameters} object (either config style). */
final class RopeScalings {

    private RopeScalings() {
    }

    private static String type(JsonNode node) {
        return node.path("rope_type").asText(node.path("type").asText("default"));
    }

    /** The frequency scaling; LongRoPE is read by {@link #longRope} (its factors depend on the call's length). */
    static RopeScaling parse(JsonNode node, String source) throws ModelFormatException {
        if (node == null || !node.isObject()) {
            return RopeScaling.NONE;
        }
        String type = type(node);
        switch (type) {
            case "default", "longrope":
                return RopeScaling.NONE;
            case "linear":
                if (!node.path("factor").isNumber()) {
                    throw new ModelFormatException(source + ": rope scaling 'linear' needs 'factor'.");
                }
                return new RopeScaling(type, node.get("factor").asDouble(), 1, 1, 0);
            case "llama3":
                for (String key : List.of("factor", "low_freq_factor", "high_freq_factor",
                        "original_max_position_embeddings")) {
                    if (!node.path(key).isNumber()) {
                        throw new ModelFormatException(source + ": rope scaling 'llama3' needs '" + key + "'.");
                    }
                }
                return new RopeScaling(type, node.get("factor").asDouble(), node.get("low_freq_factor").asDouble(),
                        node.get("high_freq_factor").asDouble(),
                        node.get("original_max_position_embeddings").asInt());
            default:
                throw new ModelFormatException(source + ": rope_type '" + type + "' is not supported (default, "
                        + "linear, llama3 and longrope are).");
        }
    }

    /** LongRoPE's factors when {@code node} says longrope, else null. */
    static LongRope longRope(JsonNode node, JsonNode root, int rotaryDim, String source)
            throws ModelFormatException {
        if (node == null || !node.isObject() || !type(node).equals("longrope")) {
            return null;
        }
        double[] shortFactor = factors(node, "short_factor", rotaryDim, source);
        double[] longFactor = factors(node, "long_factor", rotaryDim, source);
        int original = node.path("original_max_position_embeddings")
                .asInt(root.path("original_max_position_embeddings").asInt(0));
        if (original <= 0) {
            throw new ModelFormatException(source + ": rope scaling 'longrope' needs "
                    + "'original_max_position_embeddings'.");
        }
        // transformers: factor = max_position_embeddings / original unless given; attention factor from it.
        double factor = node.path("factor").isNumber() ? node.get("factor").asDouble()
                : root.path("max_position_embeddings").asDouble(original) / original;
        double attention = node.path("attention_factor").isNumber() ? node.get("attention_factor").asDouble()
                : factor <= 1 ? 1 : Math.sqrt(1 + Math.log(factor) / Math.log(original));
        return new LongRope(shortFactor, longFactor, original, attention);
    }

    private static double[] factors(JsonNode node, String key, int rotaryDim, String source)
            throws ModelFormatException {
        JsonNode list = node.path(key);
        if (!list.isArray() || list.size() != rotaryDim / 2) {
            throw new ModelFormatException(source + ": rope scaling 'longrope' needs '" + key + "' with "
                    + rotaryDim / 2 + " numbers (half the rotary dimension), found " + list + ".");
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i).asDouble();
        }
        return out;
    }
}
