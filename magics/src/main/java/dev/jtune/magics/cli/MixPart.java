package dev.jtune.magics.cli;

/** One ingredient of {@code %dataset mix}: a loaded dataset and its sampling rate (0.01 to 10). */
public record MixPart(String dataset, double rate) {
}
