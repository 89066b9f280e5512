package dev.jtune.magics.render;

import java.util.List;

/** The bad lines of a dataset, with line numbers, so they can be fixed in an editor. */
public final class DatasetIssuesView {
    static final int SHOWN = 25;

    private DatasetIssuesView() {
    }

    /** @param skipped true when --skip-bad-lines dropped them, false when the file was refused */
    public static Bundle render(List<DatasetIssue> issues, boolean skipped) {
        String file = issues.isEmpty() ? "" : issues.get(0).file();
        String caption = issues.size() + (issues.size() == 1 ? " bad line" : " bad lines") + " in " + file
                + (skipped ? " (skipped)" : " (nothing loaded)");
        Table.Builder table = Table.builder(caption, "line", "problem");
        issues.stream().limit(SHOWN).forEach(issue -> table.row(Cell.number(Long.toString(issue.line())), Cell.text(issue.reason())));
        String more = issues.size() > SHOWN ? "… and " + (issues.size() - SHOWN) + " more. " : "";
        table.note(more + (skipped ? "These lines were left out of the dataset."
                : "Fix these lines, or load with --skip-bad-lines to leave them out."));
        return TableRenderer.bundle(table.build());
    }
}
