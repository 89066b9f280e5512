package dev.jtune.magics.cli;

import picocli.CommandLine.Option;

/** The generation flags shared by {@code %chat} and {@code %%chat}. */
public final class SamplingFlags {
    @Option(names = "--system", paramLabel = "TEXT", description = "A system message before the prompt.")
    String system;

    @Option(names = "--max-new-tokens", paramLabel = "N", converter = Converters.AtLeastOne.class,
            description = "Stop after N generated tokens (default: 128).")
    int maxNewTokens = 128;

    @Option(names = "--temperature", paramLabel = "T", converter = Converters.NonNegative.class,
            description = "0 picks the likeliest token each time (default: 0).")
    double temperature = 0;

    @Option(names = "--top-p", paramLabel = "P", converter = Converters.Probability.class,
            description = "Sample from the smallest set of tokens with this much probability (default: 1).")
    double topP = 1;

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
}
