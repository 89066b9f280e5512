package dev.jtune.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores models on held-out conversations: each generates the last assistant turn from the turns before it, and
 * the output is compared with the expected turn (exact match and contains after trimming, ROUGE-L, BLEU); the
 * {@code loss} metric scores the expected turns themselves, without generating.
 */
public final class Evaluator {

    /** Called after each example, for a progress bar. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (model, done, total) -> { };

        void update(String model, int done, int total);
    }

    private Evaluator() {
    }

    /** @param limit at most this many examples (0 = all), the first ones in file order */
    public static EvalReport evaluate(String model, TextGenerator generator, List<EvalExample> examples,
                                      EvalMetric metric, int limit, Progress progress) {
        return evaluate(model, generator, null, examples, List.of(metric), limit, progress);
    }

    /**
     * @param loss    scores the expected answers; needed only when {@code metrics} holds {@code loss}
     * @param limit   at most this many examples (0 = all), the first ones in file order
     */
    public static EvalReport evaluate(String model, TextGenerator generator, ReferenceLoss loss,
                                      List<EvalExample> examples, List<EvalMetric> metrics, int limit,
                                      Progress progress) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("--metric names no metric: choose one or more of "
                    + EvalMetric.choices() + ".");
        }
        List<EvalExample> chosen = limit > 0 && limit < examples.size() ? examples.subList(0, limit) : examples;
        List<EvalOutcome> outcomes = new ArrayList<>(chosen.size());
        long start = System.nanoTime();
        if (metrics.stream().anyMatch(EvalMetric::generates)) {
            for (int i = 0; i < chosen.size(); i++) {
                EvalExample e = chosen.get(i);
                String output = generator.generate(e.prompt());
                outcomes.add(score(i, e, output == null ? "" : output));
                progress.update(model, i + 1, chosen.size());
            }
        }
        Double meanLoss = metrics.contains(EvalMetric.LOSS) ? loss.meanLoss(chosen) : null;
        return new EvalReport(model, metrics, outcomes, meanLoss, (System.nanoTime() - start) / 1e9);
    }

    /** One report per model, in the given order, on the same examples (base vs fine-tuned). */
    public static List<EvalReport> compare(Map<String, TextGenerator> models, List<EvalExample> examples,
                                           EvalMetric metric, int limit, Progress progress) {
        List<EvalReport> reports = new ArrayList<>();
        for (Map.Entry<String, TextGenerator> m : new LinkedHashMap<>(models).entrySet()) {
            reports.add(evaluate(m.getKey(), m.getValue(), examples, metric, limit, progress));
        }
        return reports;
    }

    static EvalOutcome score(int index, EvalExample e, String output) {
        String expected = e.expected().trim();
        String got = output.trim();
        return new EvalOutcome(index, e.question(), e.expected(), output, got.equals(expected),
                got.contains(expected), TextMetrics.rougeL(expected, got));
    }
}
