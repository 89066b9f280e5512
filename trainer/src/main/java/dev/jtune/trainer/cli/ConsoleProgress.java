package dev.jtune.trainer.cli;

import dev.jtune.trainer.job.CheckpointSaved;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.JobListener;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;

import java.io.PrintStream;
import java.util.Locale;

/** One line per log step, evaluation and checkpoint, for a terminal or a CI log. */
final class ConsoleProgress implements JobListener {

    private final PrintStream out;

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(String job, long fromStep, long totalSteps) {
        out.printf(Locale.ROOT, "%s: training%s, %d steps%n", job, fromStep > 0 ? " from step " + fromStep : "",
                totalSteps);
    }

    @Override
    public void warning(String job, String message) {
        out.println(job + ": warning: " + message);
    }

    @Override
    public void stepMetrics(String job, StepMetrics m) {
        out.printf(Locale.ROOT, "%s: step %d  epoch %.2f  loss %.4f  lr %.2e  grad norm %.3f  %.0f tokens/s  %.0f s%s%n",
                job, m.step(), m.epoch(), m.loss(), m.lr(), m.gradNorm(), m.tokensPerSecond(), m.elapsedSeconds(),
                metrics(m.metrics()));
    }

    /** A DPO job's metrics (TRL's names) after the loss; nothing for SFT. */
    private static String metrics(java.util.Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((name, value) -> sb.append(String.format(Locale.ROOT, "  %s %.4f", name, value)));
        return sb.toString();
    }

    @Override
    public void evaluated(String job, EvalMetrics m) {
        out.printf(Locale.ROOT, "%s: step %d  validation loss %.4f%s%n", job, m.step(), m.valLoss(), metrics(m.metrics()));
    }

    @Override
    public void checkpointSaved(String job, CheckpointSaved c) {
        out.printf(Locale.ROOT, "%s: checkpoint %s%n", job, c.path());
    }

    @Override
    public void finished(String job, JobStatus status) {
        out.println(job + ": " + status.state().label() + (status.message() == null ? "" : " (" + status.message() + ")"));
    }

    @Override
    public void failed(String job, JobStatus status) {
        out.println(job + ": failed: " + status.message());
    }

    @Override
    public void stopped(String job, JobStatus status) {
        out.println(job + ": stopped at step " + status.step() + " (checkpoint saved)");
    }
}
