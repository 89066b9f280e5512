package dev.jtune.trainer.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The learning-rate schedules of transformers' {@code get_scheduler}. Each has the flag name users type
 * ({@code cosine-restarts}) and the transformers name ({@code cosine_with_restarts}); both are accepted.
 */
public enum SchedulerType {
    LINEAR("linear", "linear"),
    COSINE("cosine", "cosine"),
    COSINE_RESTARTS("cosine-restarts", "cosine_with_restarts"),
    POLYNOMIAL("polynomial", "polynomial"),
    CONSTANT("constant", "constant"),
    CONSTANT_WARMUP("constant-warmup", "constant_with_warmup");

    private final String flagName;
    private final String transformersName;

    SchedulerType(String flagName, String transformersName) {
        this.flagName = flagName;
        this.transformersName = transformersName;
    }

    public String flagName() {
        return flagName;
    }

    public String transformersName() {
        return transformersName;
    }

    /** Parses a flag or transformers name; the error lists every choice. */
    public static SchedulerType parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (SchedulerType t : values()) {
            if (t.flagName.equals(n) || t.transformersName.equals(n) || t.flagName.replace('-', '_').equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("--scheduler " + name + ": choose one of " + choices());
    }

    public static String choices() {
        return Arrays.stream(values()).map(SchedulerType::flagName).collect(Collectors.joining(", "));
    }
}
