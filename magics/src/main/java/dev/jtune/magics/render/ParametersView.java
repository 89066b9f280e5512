package dev.jtune.magics.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The effective parameters of a job (defaults filled in), three per row, those the user gave in bold, and the
 * token count with a time estimate underneath.
 */
public final class ParametersView {
    static final int PAIRS_PER_ROW = 3;

    private ParametersView() {
    }

    /** @param given the parameters the user set (bold), or null when that is not known (a job listed later) */
    public static Bundle render(String job, Map<String, ?> effective, Set<String> given, TrainingPlan plan) {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < PAIRS_PER_ROW; i++) {
            headers.add("parameter");
            headers.add("value");
        }
        Table.Builder table = Table.builder("Job " + job + ": parameters", headers.toArray(String[]::new));
        List<Map.Entry<String, ?>> entries = new ArrayList<>(effective.entrySet());
        for (int start = 0; start < entries.size(); start += PAIRS_PER_ROW) {
            Cell[] cells = new Cell[PAIRS_PER_ROW * 2];
            for (int i = 0; i < PAIRS_PER_ROW; i++) {
                int index = start + i;
                if (index < entries.size()) {
                    Map.Entry<String, ?> entry = entries.get(index);
                    boolean bold = given != null && given.contains(entry.getKey());
                    cells[2 * i] = bold ? Cell.text(entry.getKey()).strong() : Cell.text(entry.getKey());
                    cells[2 * i + 1] = bold ? Cell.text(value(entry.getValue())).strong() : Cell.text(value(entry.getValue()));
                } else {
                    cells[2 * i] = Cell.text("");
                    cells[2 * i + 1] = Cell.text("");
                }
            }
            table.row(cells);
        }
        if (given != null) {
            List<String> yours = entries.stream().map(Map.Entry::getKey).filter(given::contains).toList();
            table.note((yours.isEmpty() ? "All defaults. " : "Set by you (bold): " + String.join(", ", yours)
                    + "; the rest are defaults. ") + planSentence(plan));
        }
        return TableRenderer.bundle(table.build());
    }

    static String planSentence(TrainingPlan plan) {
        if (plan == null) {
            return "";
        }
        return "Training on " + Formats.count(plan.examples()) + " examples, " + Formats.count(plan.tokensPerEpoch())
                + " tokens per epoch × " + Formats.trim(plan.epochs()) + (plan.epochs() == 1 ? " epoch" : " epochs") + " = "
                + Formats.count(Math.round(plan.tokensPerEpoch() * plan.epochs())) + " tokens in " + Formats.count(plan.steps())
                + " steps on " + plan.device() + (plan.estimate() == null
                ? "; the time estimate follows from the first log steps."
                : ", about " + Formats.duration(plan.estimate()) + " (" + plan.estimateSource() + ").")
                + (plan.gradCheckpointing() == null ? "" : " Grad checkpointing: " + plan.gradCheckpointing() + ".");
    }

    static String value(Object value) {
        if (value == null) {
            return "–";
        }
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e6 ? Long.toString(d.longValue())
                    : (Math.abs(d) < 1e-2 ? Formats.learningRate(d) : stripZeros(d));
        }
        return String.valueOf(value);
    }

    private static String stripZeros(double d) {
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
