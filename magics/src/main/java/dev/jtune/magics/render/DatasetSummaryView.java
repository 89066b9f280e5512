package dev.jtune.magics.render;

/** The summary table of one dataset, as {@code %dataset load} and {@code %dataset show} print it. */
public final class DatasetSummaryView {
    private DatasetSummaryView() {
    }

    public static Bundle render(DatasetSummary d) {
        Table.Builder table = Table.builder("Dataset " + d.name(), "statistic", "value");
        table.row(Cell.text("Examples (training)"), Cell.number(Formats.count(d.examples())));
        table.row(Cell.text("Validation split"), Cell.number(d.validationExamples() == 0 ? "none"
                : Formats.count(d.validationExamples()) + " held out (" + d.split() + ")"));
        table.row(Cell.text("Turns"), Cell.number(Formats.count(d.turns())));
        table.row(Cell.text("Tokens total"), Cell.number(Formats.count(d.totalTokens())));
        table.row(Cell.text("Tokens trained (assistant)"), Cell.number(Formats.count(d.trainedTokens())));
        table.row(Cell.text("Tokens per example, mean"), Cell.number(Formats.decimal(d.meanTokens(), 1)));
        table.row(Cell.text("Tokens per example, max"), Cell.number(Formats.count(d.maxTokens())));
        table.row(d.overLength() > 0, Cell.text("Longer than " + Formats.count(d.maxSeqLen()) + " tokens (truncated)"),
                Cell.number(Formats.count(d.overLength())));
        if (d.skippedLines() > 0) {
            table.row(true, Cell.text("Bad lines skipped"), Cell.number(Formats.count(d.skippedLines())));
        }
        table.note("From " + d.source() + " (" + d.format() + "). Tokens counted with " + d.tokenizer()
                + "'s tokenizer and chat template."
                + (d.warnings().isEmpty() ? "" : " " + String.join(" ", d.warnings())));
        return TableRenderer.bundle(table.build());
    }
}
