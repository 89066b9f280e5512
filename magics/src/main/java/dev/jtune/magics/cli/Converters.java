package dev.jtune.magics.cli;

import java.util.Arrays;
import java.util.List;

import dev.jtune.trainer.cli.OptionRule;
import dev.jtune.trainer.job.InvalidParameterException;
import dev.jtune.trainer.job.JobParameters;

import picocli.CommandLine.ITypeConverter;

/**
 * Converters for the magics' own values (model lists, dataset mixes, a dataset's held-out share). Counts and
 * ranges shared with {@code jtune-train} are {@code OptionConverters}; job parameters are checked by their
 * declarations ({@code JobParameters}).
 */
final class Converters {
    private Converters() {
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
                throw new OptionRule(e.problem());
            }
        }
    }

    /** A length in the range of {@code %finetune --max-seq-len}: the schema's, so both accept the same values. */
    static final class MaxSeqLen implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                return ((Number) JobParameters.get("max-seq-len").parse(text)).intValue();
            } catch (InvalidParameterException e) {
                throw new OptionRule(e.problem());
            }
        }
    }

    /** {@code %dataset load --format}: the trainer's formats by name; auto (detect) is null. */
    static final class Format implements ITypeConverter<dev.jtune.trainer.data.format.DatasetFormat> {
        @Override
        public dev.jtune.trainer.data.format.DatasetFormat convert(String text) {
            try {
                return dev.jtune.trainer.data.format.DatasetFormat.parse(text);
            } catch (IllegalArgumentException e) {
                throw new OptionRule("is not a dataset format: use one of "
                        + dev.jtune.trainer.data.format.DatasetFormat.choices().replace("|", ", "));
            }
        }
    }

    /** The names {@code --format} takes, for help and completion. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.asList(dev.jtune.trainer.data.format.DatasetFormat.choices().split("\\|")).iterator();
        }
    }

    /** {@code question=Q,answer=A[,system=S]} or {@code Q,A[,S]}. */
    static final class Columns implements ITypeConverter<dev.jtune.trainer.data.format.ColumnMapping> {
        @Override
        public dev.jtune.trainer.data.format.ColumnMapping convert(String text) {
            try {
                return dev.jtune.trainer.data.format.ColumnMapping.parse(text);
            } catch (IllegalArgumentException e) {
                throw new OptionRule("must name the question and answer columns, e.g. question=prompt,answer=reply");
            }
        }
    }

    /** {@code MODEL[,MODEL2[,MODEL3]]}: model references to compare side by side. */
    static final class ModelList implements ITypeConverter<List<String>> {
        @Override
        public List<String> convert(String text) {
            List<String> models = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            if (models.isEmpty()) {
                throw new OptionRule("must name a model: tiny, a folder, a job, JOB:STEP, a published name or a hub id");
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
                throw new OptionRule("must be written NAME:RATE, for example intents:0.5");
            }
            double rate;
            try {
                rate = Double.parseDouble(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new OptionRule("must be written NAME:RATE with a number as the rate, for example intents:0.5");
            }
            if (!(rate >= 0.01 && rate <= 10)) {
                throw new OptionRule("has a sampling rate outside 0.01 to 10 (below 1 samples a share, above 1 repeats the data)");
            }
            return new MixPart(text.substring(0, colon), rate);
        }
    }
}
