package dev.jtune.trainer.cli;

import dev.jtune.trainer.generate.SamplingParams;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Set;

/**
 * How to generate an answer, shared by {@code jtune-train chat} and the {@code %chat} magic (mixed into both), so
 * the two cannot offer different flags or defaults.
 */
public final class SamplingOptions {
    @Option(names = "--system", paramLabel = "TEXT", description = "A system message before the prompt.")
    String system;

    @Option(names = "--max-new-tokens", paramLabel = "N", converter = OptionConverters.AtLeastOne.class,
            description = "Stop after N generated tokens (default: 128).")
    int maxNewTokens = 128;

    @Option(names = "--temperature", paramLabel = "T", converter = OptionConverters.NonNegative.class,
            description = "0 picks the likeliest token each time (default: 0).")
    double temperature = 0;

    @Option(names = "--top-p", paramLabel = "P", converter = OptionConverters.Probability.class,
            description = "Sample from the smallest set of tokens with this much probability (default: 1).")
    double topP = 1;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed of sampling when --temperature is above 0 "
            + "(default: 42).")
    long seed = 42;

    public String system() {
        return system;
    }

    public int maxNewTokens() {
        return maxNewTokens;
    }

    public double temperature() {
        return temperature;
    }

    public double topP() {
        return topP;
    }

    public long seed() {
        return seed;
    }

    /** The generation parameters (no top-k, no repetition penalty; the model's EOS tokens end an answer). */
    public SamplingParams params() {
        return new SamplingParams(maxNewTokens, temperature, 0, topP, 1.0, seed, Set.of(), List.of());
    }
}
