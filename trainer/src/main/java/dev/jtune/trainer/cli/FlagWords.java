package dev.jtune.trainer.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --key value} words as typed after {@code jtune-train finetune} (or copied from a notebook's
 * {@code %finetune} line) into the map {@code JobConfig.fromFlags} reads; {@code --key=value} works too, and a flag
 * followed by another flag (or by nothing) is a switch ({@code --packing}, {@code --rslora}).
 */
public final class FlagWords {

    private FlagWords() {
    }

    public static Map<String, String> parse(List<String> words) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                throw new IllegalArgumentException("'" + w + "' is not a --flag: job parameters are written --name "
                        + "value (e.g. --lr 2e-4), switches alone (e.g. --packing).");
            }
            int eq = w.indexOf('=');
            if (eq > 0) {
                out.put(w.substring(2, eq), w.substring(eq + 1));
            } else if (i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
                out.put(w.substring(2), words.get(++i));
            } else {
                out.put(w.substring(2), "true");
            }
        }
        return out;
    }

    /** The words of a one-line flag string (split on white space). */
    public static Map<String, String> parse(String line) {
        String t = line.strip();
        return t.isEmpty() ? new LinkedHashMap<>() : parse(List.of(t.split("\\s+")));
    }
}
