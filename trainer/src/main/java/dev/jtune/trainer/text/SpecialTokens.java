package dev.jtune.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;

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

    /**
     * The special tokens of a model folder: {@code tokenizer_config.json}, with {@code special_tokens_map.json}
     * (where older checkpoints keep them) filling the fields it leaves out.
     */
    public static SpecialTokens read(Path modelDir) {
        JsonNode config = Tokenizer.readOptionalJson(modelDir.resolve("tokenizer_config.json"));
        JsonNode map = Tokenizer.readOptionalJson(modelDir.resolve("special_tokens_map.json"));
        SpecialTokens primary = config == null ? NONE : fromTokenizerConfig(config);
        SpecialTokens fallback = map == null ? NONE : fromTokenizerConfig(map);
        return new SpecialTokens(either(config, "bos_token", primary.bos(), fallback.bos()),
                either(config, "eos_token", primary.eos(), fallback.eos()),
                either(config, "pad_token", primary.pad(), fallback.pad()),
                either(config, "unk_token", primary.unk(), fallback.unk()));
    }

    /** An explicit {@code null} in tokenizer_config.json means "none" and wins over the older file. */
    private static String either(JsonNode config, String field, String primary, String fallback) {
        if (primary != null || config != null && config.has(field)) {
            return primary;
        }
        return fallback;
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
