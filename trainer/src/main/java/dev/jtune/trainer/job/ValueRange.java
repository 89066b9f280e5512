package dev.jtune.trainer.job;

import java.math.BigDecimal;

/**
 * The allowed values of a numeric parameter, each end included or not. Whole numbers use the same type (their ends
 * are whole). The phrases are what error messages and {@code --help} say.
 */
public record ValueRange(double min, boolean minIncluded, double max, boolean maxIncluded) {

    /** Where a whole number has no useful upper end: {@link Integer#MAX_VALUE} reads as "or more". */
    static final double NO_MAX = Integer.MAX_VALUE;

    public static ValueRange closed(double min, double max) {
        return new ValueRange(min, true, max, true);
    }

    /** {@code (min, max]}: a learning rate, an alpha. */
    public static ValueRange above(double min, double max) {
        return new ValueRange(min, false, max, true);
    }

    /** {@code [min, max)}: a ratio or a probability of dropping. */
    public static ValueRange upTo(double min, double max) {
        return new ValueRange(min, true, max, false);
    }

    /** {@code [min, ∞)} for whole numbers. */
    public static ValueRange atLeast(double min) {
        return new ValueRange(min, true, NO_MAX, true);
    }

    public boolean contains(double v) {
        return !Double.isNaN(v) && (minIncluded ? v >= min : v > min) && (maxIncluded ? v <= max : v < max);
    }

    /** "between 0 and 0.5", "greater than 0 and at most 1", "of at least 1" ... */
    public String phrase() {
        String lo = format(min);
        String hi = format(max);
        if (max >= NO_MAX) {
            return minIncluded ? "of at least " + lo : "greater than " + lo;
        }
        if (minIncluded && maxIncluded) {
            return "between " + lo + " and " + hi;
        }
        if (minIncluded) {
            return "of at least " + lo + " and less than " + hi;
        }
        if (maxIncluded) {
            return "greater than " + lo + " and at most " + hi;
        }
        return "between " + lo + " and " + hi + ", both excluded";
    }

    /** Interval notation for help tables: {@code (0, 1]}, {@code [1, ∞)}. */
    public String interval() {
        return (minIncluded ? "[" : "(") + format(min) + ", " + (max >= NO_MAX ? "∞)" : format(max)
                + (maxIncluded ? "]" : ")"));
    }

    /** 5.0 → "5", 2e-4 → "0.0002", 1e-7 → "1e-7", 1e6 → "1000000": what a user would type back. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        String plain = d.toPlainString();
        if (plain.length() <= 8 || (Math.abs(v) >= 1 && plain.length() <= 12)) {
            return plain;
        }
        return d.toString().toLowerCase(java.util.Locale.ROOT).replace("e+", "e");
    }
}
