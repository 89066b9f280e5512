package dev.jtune.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The named special tokens of a model ({@code tokenizer_config.json}); each may be absent ({@code null}).
 * Hub files write them either as plain strings or as {@code AddedToken} objects ({@code {"content": ...}}).
 */
public record SpecialTokens(String bos, String eos, String pad, String unk) {

    public static final SpecialTokens NONE = new SpecialTokens(null, null, null, null);

    static SpecialTokens fromTokenizerConfig(JsonNode config) {
        return new SpecialTokens(token(config, "bos_token"), token(config, "eos_token"),
                token(config, "pad_token"), token(config, "unk_token"));
    }

    private static String token(JsonNode config, String field) {
        JsonNode node = config.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        JsonNode content = node.get("content");
        return content != null && content.isTextual() ? content.asText() : null;
    }
}
