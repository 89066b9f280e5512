package dev.jtune.trainer.data;

import java.util.Locale;

/**
 * One ingredient of a {@link DatasetMix}: a dataset name and its sampling rate (0.5 keeps a random half,
 * 2 repeats every example twice, 2.5 twice plus a random half once more).
 */
public record MixPart(String name, double rate) {

    public static final double MIN_RATE = 0.01;
    public static final double MAX_RATE = 10;

    public MixPart {
        if (!(rate >= MIN_RATE && rate <= MAX_RATE)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "Sampling rate %s for dataset '%s' is out of range: use %s to %s (below 1 keeps a random part,"
                            + " above 1 repeats examples).", rate, name, MIN_RATE, MAX_RATE));
        }
    }

    /**
     * Parses {@code NAME:RATE}; a bare {@code NAME} means rate 1.
     *
     * @throws IllegalArgumentException naming the expected syntax or the allowed range
     */
    public static MixPart parse(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 0) {
            return new MixPart(spec.trim(), 1);
        }
        String name = spec.substring(0, colon).trim();
        String rate = spec.substring(colon + 1).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("'" + spec + "' names no dataset; write NAME:RATE, e.g. faq:0.5.");
        }
        try {
            return new MixPart(name, Double.parseDouble(rate));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + rate + "' in '" + spec + "' is not a sampling rate; write NAME:RATE"
                    + " with a number from " + MIN_RATE + " to " + MAX_RATE + ", e.g. faq:0.5.");
        }
    }
}
