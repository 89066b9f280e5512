package dev.jtune.magics.render;

import java.util.List;
import java.util.stream.Collectors;

/** The first rows of a dataset: each conversation's turns, one role per line. */
public final class ExamplesView {
    static final int MAX_CHARS = 300;

    private ExamplesView() {
    }

    public static Bundle render(String dataset, List<List<Turn>> conversations) {
        Table.Builder table = Table.builder("First " + conversations.size() + " examples of " + dataset, "#", "conversation");
        for (int i = 0; i < conversations.size(); i++) {
            String text = conversations.get(i).stream()
                    .map(turn -> turn.role() + ": " + shorten(turn.content()))
                    .collect(Collectors.joining("\n"));
            table.row(Cell.number(Integer.toString(i + 1)), Cell.text(text));
        }
        Table built = table.build();
        return Bundle.of(plainText(dataset, conversations), TableRenderer.html(built));
    }

    private static String plainText(String dataset, List<List<Turn>> conversations) {
        StringBuilder out = new StringBuilder("First " + conversations.size() + " examples of " + dataset);
        for (int i = 0; i < conversations.size(); i++) {
            out.append("\n[").append(i + 1).append("]");
            for (Turn turn : conversations.get(i)) {
                out.append("\n  ").append(turn.role()).append(": ").append(shorten(turn.content()).replace("\n", "\n    "));
            }
        }
        return out.toString();
    }

    static String shorten(String text) {
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "…";
    }
}
