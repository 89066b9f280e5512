package dev.jtune.magics.render;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code %eval}: scores per model, then per-label accuracy and the mismatched examples of each. */
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

    /**
     * @param dataset     the dataset's name
     * @param description what was scored, e.g. {@code the 36 held-out examples of intents}
     */
    public static Bundle render(String dataset, String description, List<EvalScore> scores) {
        boolean accuracy = scores.stream().anyMatch(s -> s.metric() != null);
        Set<String> others = new LinkedHashSet<>();
        scores.forEach(s -> others.addAll(s.others().keySet()));
        List<String> columns = new ArrayList<>(List.of("model"));
        if (accuracy) {
            columns.addAll(List.of("metric", "correct", "total", "accuracy"));
        } else {
            columns.add("examples");
        }
        columns.addAll(others);
        Table.Builder table = Table.builder((accuracy ? "Accuracy on " : "Scores on ") + dataset + " — " + description,
                columns.toArray(String[]::new));
        EvalScore best = accuracy ? scores.stream().max((a, b) -> Double.compare(a.accuracy(), b.accuracy())).orElse(null)
                : null;
        for (EvalScore score : scores) {
            List<Cell> cells = new ArrayList<>(List.of(Cell.text(score.model()).strong()));
            if (accuracy) {
                cells.addAll(List.of(Cell.text(score.metric()), Cell.number(Integer.toString(score.correct())),
                        Cell.number(Integer.toString(score.total())), Cell.number(Formats.percent(score.accuracy())).strong()));
            } else {
                cells.add(Cell.number(Integer.toString(score.total())));
            }
            for (String o : others) {
                cells.add(Cell.number(score.others().getOrDefault(o, "–")));
            }
            table.row(scores.size() > 1 && score == best, cells.toArray(Cell[]::new));
        }
        Bundle result = TableRenderer.bundle(table.build());
        for (EvalScore score : scores) {
            if (!score.labels().isEmpty()) {
                result = result.then(labels(score));
            }
        }
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

    /** Accuracy per expected label, worst first, and the most common confusions under it. */
    private static Bundle labels(EvalScore score) {
        Table.Builder t = Table.builder("Per label: " + score.model() + " (" + score.metric() + ")",
                "label", "examples", "correct", "accuracy");
        score.labels().stream().sorted((a, b) -> Double.compare(a.accuracy(), b.accuracy()))
                .forEach(r -> t.row(r.correct() < r.count(), Cell.text(r.label()), Cell.number(Integer.toString(r.count())),
                        Cell.number(Integer.toString(r.correct())), Cell.number(Formats.percent(r.accuracy()))));
        if (!score.confusions().isEmpty()) {
            List<String> lines = new ArrayList<>();
            score.confusions().forEach(c -> lines.add(c.expected() + " → " + shorten(c.got()) + " (" + c.count() + ")"));
            t.note("Most common confusions (expected → got): " + String.join("; ", lines) + ".");
        }
        return TableRenderer.bundle(t.build());
    }
}
