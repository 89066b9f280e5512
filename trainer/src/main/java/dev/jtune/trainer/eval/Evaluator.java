package dev.jtune.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores models on held-out conversations: each generates the last assistant turn from the turns before it, and
 * the output is compared with the expected turn after trimming (exact match, and contains).
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
        List<EvalExample> chosen = limit > 0 && limit < examples.size() ? examples.subList(0, limit) : examples;
        List<EvalOutcome> outcomes = new ArrayList<>(chosen.size());
        long start = System.nanoTime();
        for (int i = 0; i < chosen.size(); i++) {
            EvalExample e = chosen.get(i);
            String output = generator.generate(e.prompt());
            outcomes.add(score(i, e, output == null ? "" : output));
            progress.update(model, i + 1, chosen.size());
        }
        return new EvalReport(model, metric, List.copyOf(outcomes), (System.nanoTime() - start) / 1e9);
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
                got.contains(expected));
    }
}
