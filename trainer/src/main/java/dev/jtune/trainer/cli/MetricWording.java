package dev.jtune.trainer.cli;

import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalReport;

import java.util.Locale;

/** How a metric's score reads in a terminal line or a table cell, the same on every surface. */
public final class MetricWording {

    private MetricWording() {
    }

    /** {@code 91.7%} for shares, {@code 0.734} for ROUGE-L, {@code 23.4} for BLEU (0-100, as sacrebleu prints it). */
    public static String value(EvalReport r, EvalMetric m) {
        double v = r.score(m);
        return switch (m) {
            case EXACT, CONTAINS -> String.format(Locale.ROOT, "%.1f%%", 100 * v);
            case ROUGE_L -> String.format(Locale.ROOT, "%.3f", v);
            case BLEU -> String.format(Locale.ROOT, "%.1f", 100 * v);
            case LOSS -> String.format(Locale.ROOT, "%.4f (perplexity %.2f)", v, r.perplexity());
        };
    }

    /** {@code exact 55/60 = 91.7%}, {@code bleu 23.4}, {@code loss 0.4123 (perplexity 1.51)}. */
    public static String line(EvalReport r, EvalMetric m) {
        String counts = m.isAccuracy() ? String.format(Locale.ROOT, "%d/%d = ",
                Math.round(r.accuracy(m) * r.total()), r.total()) : "";
        return m.label() + " " + counts + value(r, m);
    }
}
