package dev.jtune.magics.cli;

import java.util.Arrays;
import java.util.List;

import dev.jtune.trainer.job.InvalidParameterException;
import dev.jtune.trainer.job.JobParameters;

import picocli.CommandLine.ITypeConverter;

/**
 * Range-checked converters for the magics' own numeric flags (rows, tails, sampling), so a bad value is refused
 * with the allowed range before any work starts. Job parameters are checked by their declarations instead
 * ({@code JobParameters}).
 */
final class Converters {
    private Converters() {
    }

    static int wholeNumber(String text) {
        try {
            return Integer.parseInt(text.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ValueRule("must be a whole number");
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
            throw new ValueRule("must be a number (for example 2e-4 or 0.1)");
        }
    }

    /** 1 or more: counts of steps, examples, epochs, tokens. */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int value = wholeNumber(text);
            if (value < 1) {
                throw new ValueRule("must be a whole number of at least 1");
            }
            return value;
        }
    }

    /** 0 or more: a checkpoint step, a number of rows to skip. */
    static final class AtLeastZero implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int value = wholeNumber(text);
            if (value < 0) {
                throw new ValueRule("must be a whole number of 0 or more");
            }
            return value;
        }
    }

    /** Zero or more: the sampling temperature (0 is greedy). */
    static final class NonNegative implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double value = number(text);
            if (value < 0) {
                throw new ValueRule("must be a number of 0 or more");
            }
            return value;
        }
    }

    /**
     * The held-out share of {@code %dataset load}: the job parameter {@code val-ratio}'s own rule, because a job on
     * the dataset inherits the split (a share one accepts and the other refuses would break {@code %finetune}).
     */
    static final class ValRatio implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            try {
                return (Double) JobParameters.get("val-ratio").parse(text);
            } catch (InvalidParameterException e) {
                throw new ValueRule(e.problem());
            }
        }
    }

    /** A probability mass in (0, 1]: nucleus sampling's top-p. */
    static final class Probability implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double value = number(text);
            if (value <= 0 || value > 1) {
                throw new ValueRule("must be greater than 0 and at most 1");
            }
            return value;
        }
    }

    /** {@code MODEL[,MODEL2[,MODEL3]]}: model references to compare side by side. */
    static final class ModelList implements ITypeConverter<List<String>> {
        @Override
        public List<String> convert(String text) {
            List<String> models = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (models.isEmpty()) {
                throw new ValueRule("must name a model: tiny, a folder, a job, JOB:STEP, a published name or a hub id");
            }
            return models;
        }
    }

    /** {@code NAME:RATE} for {@code %dataset mix}; rates as hosted consoles allow, 0.01 to 10. */
    static final class MixPartConverter implements ITypeConverter<MixPart> {
        @Override
        public MixPart convert(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new ValueRule("must be written NAME:RATE, for example intents:0.5");
            }
            double rate;
            try {
                rate = Double.parseDouble(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new ValueRule("must be written NAME:RATE with a number as the rate, for example intents:0.5");
            }
            if (!(rate >= 0.01 && rate <= 10)) {
                throw new ValueRule("has a sampling rate outside 0.01 to 10 (below 1 samples a share, above 1 repeats the data)");
            }
            return new MixPart(text.substring(0, colon), rate);
        }
    }
}
