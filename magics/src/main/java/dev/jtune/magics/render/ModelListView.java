package dev.jtune.magics.render;

import java.util.List;

/** {@code %models}: the published models as a table. */
public final class ModelListView {
    private ModelListView() {
    }

    /** One published model as shown. */
    public record Row(String name, String base, String source, String size, String date, String folder) {
    }

    public static Bundle render(List<Row> rows) {
        if (rows.isEmpty()) {
            return Bundle.of("No published models yet; publish a job with %publish JOB --name NAME.",
                    "<p>No published models yet; publish a job with <code>%publish JOB --name NAME</code>.</p>");
        }
        Table.Builder table = Table.builder("Published models", "name", "base", "source", "size", "published", "folder");
        for (Row r : rows) {
            table.row(Cell.text(r.name()).strong(), Cell.text(r.base()), Cell.text(r.source()), Cell.number(r.size()),
                    Cell.text(r.date()), Cell.text(r.folder()));
        }
        table.note("Chat with one with %chat NAME, score it with %eval NAME --data DATASET, delete it with %models delete NAME.");
        return TableRenderer.bundle(table.build());
    }
}
