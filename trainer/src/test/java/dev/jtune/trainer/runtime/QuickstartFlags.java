package dev.jtune.trainer.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code quickstart-finetune.flags}: the %finetune line the quickstart notebook copies. */
final class QuickstartFlags {

    static final String RESOURCE = "quickstart-finetune.flags";

    private QuickstartFlags() {
    }

    static String line() throws IOException {
        try (InputStream in = QuickstartFlags.class.getResourceAsStream(RESOURCE)) {
            StringBuilder flags = new StringBuilder();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!l.strip().startsWith("#")) {
                    flags.append(' ').append(l.strip());
                }
            }
            return flags.toString().strip();
        }
    }

    /** {@code --key value} pairs; a flag followed by another flag (or nothing) is a switch set to true. */
    static Map<String, String> parse(String line) {
        String[] words = line.trim().split("\\s+");
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < words.length; i++) {
            if (!words[i].startsWith("--")) {
                throw new IllegalArgumentException("expected a --flag at '" + words[i] + "' in: " + line);
            }
            String key = words[i].substring(2);
            if (i + 1 < words.length && !words[i + 1].startsWith("--")) {
                out.put(key, words[++i]);
            } else {
                out.put(key, "true");
            }
        }
        return out;
    }
}
