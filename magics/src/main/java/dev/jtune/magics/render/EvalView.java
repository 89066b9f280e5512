package dev.jtune.magics.render;

import java.util.List;

/** {@code %eval}: accuracy per model, then the mismatched examples of each. */
public final class EvalView {
    static final int MISMATCHES_SHOWN = 10;
    static final int GOT_CHARS = 60;

    private EvalView() {
    }

    /** Long prompts and rambling answers are cut so the table stays readable. */
    static String shorten(String text) {
        String one = text == null ? "" : text.replace('\n', ' ').strip();
        return one.length() <= GOT_CHARS ? one : one.substring(0, GOT_CHARS) + "…";
    }

    public static Bundle render(String dataset, List<EvalScore> scores) {
        Table.Builder accuracy = Table.builder("Accuracy on " + dataset, "model", "metric", "correct", "total", "accuracy");
        EvalScore best = scores.stream().max((a, b) -> Double.compare(a.accuracy(), b.accuracy())).orElse(null);
        for (EvalScore score : scores) {
            accuracy.row(scores.size() > 1 && score == best, Cell.text(score.model()).strong(), Cell.text(score.metric()),
                    Cell.number(Integer.toString(score.correct())), Cell.number(Integer.toString(score.total())),
                    Cell.number(Formats.percent(score.accuracy())).strong());
        }
        Bundle result = TableRenderer.bundle(accuracy.build());
        for (EvalScore score : scores) {
            if (score.mismatches().isEmpty()) {
                continue;
            }
            Table.Builder misses = Table.builder("Mismatches of " + score.model() + " (" + score.mismatches().size() + ")",
                    "#", "prompt", "expected", "got");
            score.mismatches().stream().limit(MISMATCHES_SHOWN).forEach(m -> misses.row(Cell.number(Integer.toString(m.index())),
                    Cell.text(shorten(m.prompt())), Cell.text(m.expected()), Cell.text(shorten(m.got()))));
            if (score.mismatches().size() > MISMATCHES_SHOWN) {
                misses.note("… and " + (score.mismatches().size() - MISMATCHES_SHOWN) + " more.");
            }
            result = result.then(TableRenderer.bundle(misses.build()));
        }
        return result;
    }
}
