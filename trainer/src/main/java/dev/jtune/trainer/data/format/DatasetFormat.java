package dev.jtune.trainer.data.format;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The record schemas JTune reads; {@link #cliName()} is the value of {@code %dataset load --format}. */
public enum DatasetFormat {
    /** OpenAI chat: {@code {"messages":[{"role":..,"content":..,"loss_weight":..}]}}. */
    MESSAGES("messages"),
    /** Question/answer columns (names mappable with {@link ColumnMapping}). */
    CSV("csv"),
    /** {@code {"prompt":..,"response":..}} (also {@code completion}). */
    PROMPT_RESPONSE("prompt-response"),
    /** {@code {"instruction":..,"input":..,"output":..}}. */
    ALPACA("alpaca"),
    /** {@code {"conversations":[{"from":"human|gpt|system","value":..}]}}. */
    SHAREGPT("sharegpt"),
    /** Continued pretraining: {@code {"text":..}} JSON Lines, or a .txt file; loss on every token. */
    TEXT("text"),
    /**
     * Preference pairs (TRL): {@code {"prompt":..,"chosen":..,"rejected":..}}, strings or message lists. Volcano
     * Ark's scored pairs are {@link #MESSAGES} records whose last assistant content is a list of scored candidates.
     */
    PREFERENCE("preference");

    private final String cliName;

    DatasetFormat(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** All names a user may type, for error messages: {@code auto|messages|csv|...}. */
    public static String choices() {
        return "auto|" + Arrays.stream(values()).map(DatasetFormat::cliName).collect(Collectors.joining("|"));
    }

    /**
     * Parses a {@code --format} value; {@code null}, empty or {@code auto} mean "detect" and give {@code null}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static DatasetFormat parse(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("auto")) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DatasetFormat f : values()) {
            if (f.cliName.equals(n) || f.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(n)) {
                return f;
            }
        }
        if (n.equals("openai") || n.equals("chat") || n.equals("jsonl")) {
            return MESSAGES;
        }
        throw new IllegalArgumentException("Unknown dataset format '" + name + "'; use one of " + choices() + ".");
    }
}
