package dev.jtune.trainer.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accuracy per expected answer and the most common confusions, for classification-like data (intents,
 * sentiment): one overall accuracy hides a label the model never gets right.
 *
 * @param rows       one per expected label, most frequent first
 * @param confusions (expected, got) pairs of wrong answers, most frequent first
 */
public record LabelBreakdown(List<Row> rows, List<Confusion> confusions) {

    /** Expected answers this short, repeated across examples, are labels rather than free text. */
    static final int MAX_LABEL_WORDS = 3;
    static final int MAX_LABEL_CHARS = 40;
    public static final int CONFUSIONS_KEPT = 5;

    public record Row(String label, int count, int correct) {
        public double accuracy() {
            return count == 0 ? 0 : (double) correct / count;
        }
    }

    public record Confusion(String expected, String got, int count) {
    }

    /**
     * The breakdown under {@code metric} when every expected answer is a short label and labels repeat (fewer
     * distinct labels than half the examples); empty otherwise.
     */
    public static Optional<LabelBreakdown> of(List<EvalOutcome> outcomes, EvalMetric metric) {
        if (outcomes.isEmpty() || !metric.isAccuracy()) {
            return Optional.empty();
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<List<String>, Integer> wrong = new LinkedHashMap<>();
        for (EvalOutcome o : outcomes) {
            String label = o.expected().strip();
            if (label.length() > MAX_LABEL_CHARS || TextMetrics.tokens(label).size() > MAX_LABEL_WORDS
                    || label.isEmpty()) {
                return Optional.empty();
            }
            int[] c = counts.computeIfAbsent(label, k -> new int[2]);
            c[0]++;
            if (o.correct(metric)) {
                c[1]++;
            } else {
                wrong.merge(List.of(label, o.output().strip()), 1, Integer::sum);
            }
        }
        if (counts.size() * 2 > outcomes.size()) {
            return Optional.empty();
        }
        List<Row> rows = new ArrayList<>();
        counts.forEach((label, c) -> rows.add(new Row(label, c[0], c[1])));
        rows.sort(Comparator.comparingInt(Row::count).reversed().thenComparing(Row::label));
        List<Confusion> confusions = new ArrayList<>();
        wrong.forEach((pair, n) -> confusions.add(new Confusion(pair.get(0), pair.get(1), n)));
        confusions.sort(Comparator.comparingInt(Confusion::count).reversed().thenComparing(Confusion::expected));
        return Optional.of(new LabelBreakdown(rows, confusions.subList(0, Math.min(CONFUSIONS_KEPT, confusions.size()))));
    }
}
