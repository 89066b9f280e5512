package dev.jtune.trainer.cli;

import dev.jtune.trainer.job.JobParameter;
import dev.jtune.trainer.job.JobParameters;
import dev.jtune.trainer.job.JobPlan;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** A {@link JobPlan} as terminal text: the parameters (user-set ones marked *), then the counts and the estimate. */
final class PlanReport {

    private PlanReport() {
    }

    static String text(JobPlan plan) {
        StringBuilder s = new StringBuilder("Plan (dry run, no job created):\n");
        Map<String, Object> values = plan.config().asMap();
        for (JobParameter p : JobParameters.all()) {
            String mark = plan.config().isSetByUser(p.name()) ? "*" : " ";
            s.append(String.format(Locale.ROOT, " %s %-22s %s%n", mark, p.name(),
                    values.get(p.name()) == null ? "-" : JobParameter.text(values.get(p.name()))));
        }
        s.append("  (* set by you; the rest are defaults)\n");
        s.append(String.format(Locale.ROOT, "examples          %d%n", plan.examples()));
        s.append(String.format(Locale.ROOT, "tokens per epoch  %d%n", plan.tokensPerEpoch()));
        s.append(String.format(Locale.ROOT, "micro-batches     %d per epoch%n", plan.batchesPerEpoch()));
        s.append(String.format(Locale.ROOT, "optimizer steps   %d (%d per epoch, %.2f epochs)%n", plan.totalSteps(),
                plan.stepsPerEpoch(), plan.epochs()));
        if (plan.gradCheckpointing() != null) {
            s.append("grad checkpointing ").append(plan.gradCheckpointing()).append('\n');
        }
        s.append("time estimate     ").append(plan.estimate() == null ? "-" : duration(plan.estimate()))
                .append(" on ").append(plan.device()).append(", ").append(plan.estimateSource()).append('\n');
        return s.toString();
    }

    private static String duration(Duration d) {
        long s = Math.max(1, Math.round(d.toMillis() / 1000.0));
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }
}
