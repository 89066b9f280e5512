package dev.jtune.magics.render;

import java.util.List;
import java.util.stream.Collectors;

/** The first preference pairs of a dataset: the prompt, then the chosen and the rejected answer side by side. */
public final class PairsView {

    /** One pair as shown: each part's turns. */
    public record Pair(List<Turn> prompt, List<Turn> chosen, List<Turn> rejected) {
    }

    private PairsView() {
    }

    public static Bundle render(String dataset, List<Pair> pairs) {
        Table.Builder table = Table.builder("First " + pairs.size() + " preference pairs of " + dataset, "#", "prompt",
                "chosen", "rejected");
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            table.row(Cell.number(Integer.toString(i + 1)), Cell.text(lines(p.prompt())), Cell.text(lines(p.chosen())),
                    Cell.text(lines(p.rejected())));
        }
        return Bundle.of(plainText(dataset, pairs), TableRenderer.html(table.build()));
    }

    private static String lines(List<Turn> turns) {
        return turns.stream().map(t -> t.role() + ": " + ExamplesView.shorten(t.content()))
                .collect(Collectors.joining("\n"));
    }

    private static String plainText(String dataset, List<Pair> pairs) {
        StringBuilder out = new StringBuilder("First " + pairs.size() + " preference pairs of " + dataset);
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            out.append("\n[").append(i + 1).append("]");
            append(out, "prompt", p.prompt());
            append(out, "chosen", p.chosen());
            append(out, "rejected", p.rejected());
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String part, List<Turn> turns) {
        out.append("\n  ").append(part).append(":");
        for (Turn t : turns) {
            out.append("\n    ").append(t.role()).append(": ")
                    .append(ExamplesView.shorten(t.content()).replace("\n", "\n      "));
        }
    }
}
