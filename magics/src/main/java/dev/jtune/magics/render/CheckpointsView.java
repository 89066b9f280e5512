package dev.jtune.magics.render;

import java.util.List;

/** A job's checkpoints: step, losses and folder, the best one highlighted (it is what %publish takes by default). */
public final class CheckpointsView {
    private CheckpointsView() {
    }

    public static Bundle render(String job, List<CheckpointRow> checkpoints) {
        if (checkpoints.isEmpty()) {
            return Bundle.of("Job " + job + " has no checkpoints yet.", "<p>Job <b>" + Html.escape(job) + "</b> has no checkpoints yet.</p>");
        }
        Table.Builder table = Table.builder("Checkpoints of " + job, "step", "train loss", "val loss", "path", "");
        for (CheckpointRow row : checkpoints) {
            table.row(row.best(), Cell.number(Formats.count(row.step())), Cell.number(Formats.loss(row.trainLoss())),
                    Cell.number(Formats.loss(row.validationLoss())), Cell.text(row.path()),
                    row.damage() != null ? Cell.text("damaged: " + row.damage())
                            : Cell.text(row.best() ? "best" : "").strong());
        }
        table.note("best: the lowest validation loss (or training loss when there is no validation set); "
                + "%publish " + job + " takes it unless --step or --last says otherwise.");
        return TableRenderer.bundle(table.build());
    }
}
