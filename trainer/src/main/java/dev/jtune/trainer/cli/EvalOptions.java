package dev.jtune.trainer.cli;

import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalSplit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to score a model on, shared by {@code jtune-train eval} and the {@code %eval} magic (mixed into both), so
 * the two cannot offer different flags, choices or defaults.
 */
public final class EvalOptions {
    @Option(names = "--data", required = true, paramLabel = "NAME",
            description = "The messages dataset: loaded with %%dataset load, saved in the workspace, or a file.")
    String data;

    @Option(names = "--split", paramLabel = "SPLIT", converter = SplitConverter.class,
            description = "val, train or all (default: val when the dataset holds examples out, else all).")
    EvalSplit split;

    @Option(names = "--metric", paramLabel = "METRIC[,METRIC...]", converter = MetricsConverter.class,
            description = "exact, contains, rouge-l, bleu and/or loss, comma-separated (default: exact). loss scores "
                    + "the expected answers (cross-entropy and perplexity) without generating.")
    List<EvalMetric> metrics;

    @Option(names = "--limit", paramLabel = "N", converter = OptionConverters.AtLeastOne.class,
            description = "Score only the first N examples (default: all).")
    Integer limit;

    public String data() {
        return data;
    }

    /** The split asked for, or null for the default (held out when there is one). */
    public EvalSplit split() {
        return split;
    }

    public List<EvalMetric> metrics() {
        return metrics == null || metrics.isEmpty() ? List.of(EvalMetric.EXACT) : List.copyOf(metrics);
    }

    /** The headline metric: the first asked for. */
    public EvalMetric metric() {
        return metrics().get(0);
    }

    /** The most examples to score; 0 means all, as {@code Evaluator} reads it. */
    public int limit() {
        return limit == null ? 0 : limit;
    }

    static final class SplitConverter implements ITypeConverter<EvalSplit> {
        @Override
        public EvalSplit convert(String text) {
            for (EvalSplit s : EvalSplit.values()) {
                if (s.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new OptionRule("must be val, train or all");
        }
    }

    static final class MetricsConverter implements ITypeConverter<List<EvalMetric>> {
        @Override
        public List<EvalMetric> convert(String text) {
            List<EvalMetric> out = new ArrayList<>();
            for (String word : text.split(",")) {
                if (word.isBlank()) {
                    continue;
                }
                EvalMetric m;
                try {
                    m = EvalMetric.parse(word);
                } catch (IllegalArgumentException e) {
                    throw new OptionRule("must be one or more of " + EvalMetric.choices() + ", separated by commas");
                }
                if (!out.contains(m)) {
                    out.add(m);
                }
            }
            if (out.isEmpty()) {
                throw new OptionRule("must name at least one of " + EvalMetric.choices());
            }
            return out;
        }
    }
}
