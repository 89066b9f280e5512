package dev.jtune.magics.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A captioned table with a header row, rendered to HTML and aligned plain text by {@link TableRenderer}.
 * Marked rows (the best checkpoint, a mismatch) are highlighted in HTML and starred in text.
 */
public record Table(String caption, List<String> headers, List<List<Cell>> rows, List<Boolean> marked, String note) {
    public Table {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
        marked = List.copyOf(marked);
    }

    public static Builder builder(String caption, String... headers) {
        return new Builder(caption, List.of(headers));
    }

    public static final class Builder {
        private final String caption;
        private final List<String> headers;
        private final List<List<Cell>> rows = new ArrayList<>();
        private final List<Boolean> marked = new ArrayList<>();
        private String note;

        private Builder(String caption, List<String> headers) {
            this.caption = caption;
            this.headers = headers;
        }

        public Builder row(Cell... cells) {
            return row(false, cells);
        }

        public Builder row(boolean mark, Cell... cells) {
            if (cells.length != headers.size()) {
                throw new IllegalArgumentException("row has " + cells.length + " cells for " + headers.size() + " columns");
            }
            rows.add(List.of(cells));
            marked.add(mark);
            return this;
        }

        /** A line under the table: a legend, a count of rows left out. */
        public Builder note(String text) {
            this.note = text;
            return this;
        }

        public Table build() {
            return new Table(caption, headers, rows, marked, note);
        }
    }
}
