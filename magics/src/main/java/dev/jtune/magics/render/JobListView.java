package dev.jtune.magics.render;

import java.util.List;
import java.util.Locale;

/** {@code %jobs}: every job of the workspace, newest first, with status, progress and best validation loss. */
public final class JobListView {
    private JobListView() {
    }

    public static Bundle render(String workspace, List<JobRow> jobs) {
        if (jobs.isEmpty()) {
            String text = "No jobs in " + workspace + " yet; start one with %finetune.";
            return Bundle.of(text, "<p>" + Html.escape(text) + "</p>");
        }
        // a preference job's column appears only when there is one, so SFT-only listings stay as they were
        boolean preference = jobs.stream().anyMatch(j -> j.preferenceAccuracy() != null);
        List<String> headers = new java.util.ArrayList<>(List.of("name", "base", "method", "status", "progress", "tokens",
                "duration", "best val loss"));
        if (preference) {
            headers.add("pref. accuracy");
        }
        Table.Builder table = Table.builder("Jobs in " + workspace, headers.toArray(String[]::new));
        java.util.List<String> notes = new java.util.ArrayList<>();
        for (JobRow job : jobs) {
            if (job.damage() != null) {
                notes.add(job.damage() + ".");
            }
            String name = job.where() == null ? job.name() : job.name() + " (" + job.where() + ")";
            List<Cell> cells = new java.util.ArrayList<>(List.of(Cell.text(name).strong(), Cell.text(job.base()),
                    Cell.text(job.method()), Cell.markup(job.status(), StatusBadge.html(job.status())),
                    Cell.number(progress(job)), Cell.number(Formats.compact(job.tokens())), Cell.number(Formats.duration(job.duration())),
                    Cell.number(Formats.loss(job.bestValidationLoss()))));
            if (preference) {
                cells.add(Cell.number(job.preferenceAccuracy() == null ? "–" : Formats.percent(job.preferenceAccuracy())));
            }
            table.row(cells.toArray(Cell[]::new));
        }
        if (!notes.isEmpty()) {
            table.note(String.join("\n", notes));
        }
        return TableRenderer.bundle(table.build());
    }

    static String progress(JobRow job) {
        if (job.totalSteps() <= 0) {
            return Formats.count(job.step());
        }
        return Formats.count(job.step()) + "/" + Formats.count(job.totalSteps())
                + String.format(Locale.ROOT, " (%.0f%%)", 100.0 * job.step() / job.totalSteps());
    }
}
