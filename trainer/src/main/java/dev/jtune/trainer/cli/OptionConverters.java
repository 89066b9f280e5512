package dev.jtune.trainer.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * Range-checked converters for the options both command lines share (sampling, evaluation), so a bad value is
 * refused with its allowed range before any work starts, in the same words in a notebook and a terminal.
 */
public final class OptionConverters {
    private OptionConverters() {
    }

    static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new OptionRule("must be a whole number");
        }
    }

    static double number(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new OptionRule("must be a number (for example 2e-4 or 0.1)");
        }
    }

    /** 1 or more: counts of tokens, rows, examples. */
    public static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int value = wholeNumber(text);
            if (value < 1) {
                throw new OptionRule("must be a whole number of at least 1");
            }
            return value;
        }
    }

    /** 0 or more: a checkpoint step, a number of rows to skip. */
    public static final class AtLeastZero implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int value = wholeNumber(text);
            if (value < 0) {
                throw new OptionRule("must be a whole number of 0 or more");
            }
            return value;
        }
    }

    /** Zero or more: the sampling temperature (0 is greedy). */
    public static final class NonNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double value = number(text);
            if (value < 0) {
                throw new OptionRule("must be a number of 0 or more");
            }
            return value;
        }
    }

    /** A probability mass in (0, 1]: nucleus sampling's top-p. */
    public static final class Probability implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double value = number(text);
            if (value <= 0 || value > 1) {
                throw new OptionRule("must be greater than 0 and at most 1");
            }
            return value;
        }
    }
}
