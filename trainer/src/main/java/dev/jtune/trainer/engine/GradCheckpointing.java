package dev.jtune.trainer.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether a training step recomputes each decoder layer's activations in backward instead of keeping them
 * (activation recompute, "gradient checkpointing"): {@code on} trades one extra forward pass for memory that grows
 * with one layer instead of all of them; {@code auto} turns it on when the estimated activations of a step would
 * not fit the memory budget (see {@link RecomputePlanner}).
 */
public enum GradCheckpointing {
    AUTO, ON, OFF;

    /** The flag value, lower case. */
    public String flagName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code auto|on|off} (any case); anything else is an error naming the choices. */
    public static GradCheckpointing parse(String value) {
        for (GradCheckpointing g : values()) {
            if (g.flagName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return g;
            }
        }
        throw new IllegalArgumentException("--grad-checkpointing must be one of "
                + Arrays.stream(values()).map(GradCheckpointing::flagName).collect(Collectors.joining(", "))
                + ", not '" + value + "'.");
    }
}
