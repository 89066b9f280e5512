package dev.jtune.trainer.job;

/**
 * One row of the {@code %jobs} task list, as the hosted consoles show it.
 *
 * @param progress       step / total steps (0 to 1)
 * @param tokens         tokens trained on so far
 * @param elapsedSeconds training time so far
 * @param lastLoss       training loss at the last log step
 * @param bestValLoss    lowest validation loss so far
 * @param damage         why the job's config.json cannot be read (the job is listed anyway), else null
 */
public record JobSummary(String name, String base, String method, JobState state, long step, long totalSteps,
                         double progress, long tokens, double elapsedSeconds, Double lastLoss, Double bestValLoss,
                         Long lastCheckpoint, String message, String damage) {

    static JobSummary of(Job job) {
        JobStatus s = job.status();
        String damage = job.damage().orElse(null);
        JobConfig c = damage == null ? job.config() : null;
        var metrics = job.metrics();
        StepMetrics last = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
        Double best = job.evaluations().stream().map(EvalMetrics::valLoss).filter(Double::isFinite)
                .min(Double::compare).orElse(null);
        return new JobSummary(job.name(), c == null ? null : c.base(), c == null ? null : c.method(), s.state(), s.step(), s.totalSteps(),
                s.totalSteps() == 0 ? 0 : (double) s.step() / s.totalSteps(), last == null ? 0 : last.tokens(),
                last == null ? 0 : last.elapsedSeconds(), last == null ? null : last.loss(), best,
                s.lastCheckpoint(), s.message(), damage);
    }
}
