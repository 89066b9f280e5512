package dev.jtune.magics.render;

import java.util.List;

/** {@code %dataset list}: every dataset loaded in the session. */
public final class DatasetListView {
    private DatasetListView() {
    }

    public static Bundle render(List<DatasetSummary> datasets) {
        if (datasets.isEmpty()) {
            return Bundle.of("No datasets loaded yet; use %dataset load PATH.",
                    "<p>No datasets loaded yet; use <code>%dataset load PATH</code>.</p>");
        }
        Table.Builder table = Table.builder("Datasets", "name", "examples", "validation", "tokens", "format", "source");
        for (DatasetSummary d : datasets) {
            table.row(Cell.text(d.name()).strong(), Cell.number(Formats.count(d.examples())),
                    Cell.number(Formats.count(d.validationExamples())
                            + (d.split().isEmpty() ? "" : " (" + d.split() + ")")), Cell.number(Formats.count(d.totalTokens())),
                    Cell.text(d.format()), Cell.text(d.source()));
        }
        return TableRenderer.bundle(table.build());
    }
}
