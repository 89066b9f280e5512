package dev.jtune.trainer.job;

import dev.jtune.trainer.engine.GradCheckpointing;
import dev.jtune.trainer.schedule.SchedulerType;

import java.util.Map;

/**
 * Checks a {@link JobConfig}: every value against its declared range ({@link JobParameter#check}), then the rules
 * that span parameters. Messages name the flag, the value and what to do.
 */
final class JobConfigValidator {

    private JobConfigValidator() {
    }

    static void validate(JobConfig c) {
        Map<String, Object> values = c.asMap();
        for (JobParameter p : JobParameters.all()) {
            p.check(values.get(p.name()));
        }
        if (c.name() != null) {
            Names.check("job", c.name());
        }
        boolean continuing = c.resume() != null;
        if (c.resume() != null && c.initFrom() != null) {
            throw new IllegalArgumentException("--resume and --init-from exclude each other: --resume JOB continues "
                    + "that job with its optimizer state, --init-from JOB starts a new job from its weights");
        }
        if (!continuing && c.initFrom() == null && blank(c.base())) {
            throw new IllegalArgumentException("--base is missing: name a base model (tiny, a folder, a job, a "
                    + "published model or a hub id such as Qwen/Qwen2.5-0.5B-Instruct)");
        }
        if (!continuing && blank(c.data())) {
            throw new IllegalArgumentException("--data is missing: name a dataset loaded with %dataset load, or a file");
        }
        if (SchedulerType.parse(c.scheduler()) == SchedulerType.POLYNOMIAL && c.lrEnd() >= c.lr()) {
            throw JobParameters.get("lr-end").invalid(JobParameter.text(c.lrEnd()), "is out of range: the "
                    + "polynomial schedule decays from --lr " + JobParameter.text(c.lr()) + " down to --lr-end, so "
                    + "use a value of at least 0 and less than " + JobParameter.text(c.lr()));
        }
        if (c.trainsPreferences() && c.packing()) {
            throw new IllegalArgumentException("--packing true cannot be used with --stage dpo: each preference pair "
                    + "is scored as its own sequences (chosen and rejected side by side); leave --packing out");
        }
        if (c.prefLabelSmoothing() > 0 && !"sigmoid".equals(c.prefLoss())) {
            throw JobParameters.get("pref-label-smoothing").invalid(JobParameter.text(c.prefLabelSmoothing()),
                    "applies to --pref-loss sigmoid only (conservative DPO), not --pref-loss " + c.prefLoss()
                    + ": leave it out or use --pref-loss sigmoid");
        }
        validateCluster(c);
        if (c.earlyStopPatience() > 0 && "val_loss".equals(c.earlyStopMetric()) && blank(c.val())
                && c.valRatio() == 0) {
            throw new IllegalArgumentException("--early-stop-patience " + c.earlyStopPatience() + " watches the "
                    + "validation loss, but there is no validation data: set --val NAME or --val-ratio (e.g. 0.1), "
                    + "or --early-stop-metric train_loss");
        }
    }

    /** The cluster parameters (issue 13): an engine other than jtune, or several nodes, need a cluster. */
    private static void validateCluster(JobConfig c) {
        if (c.time() != null && !c.time().matches("(\\d+-)?\\d{1,3}:\\d{2}:\\d{2}")) {
            throw JobParameters.get("time").invalid(c.time(), "is not a time limit: write HH:MM:SS, e.g. 02:00:00 "
                    + "(or D-HH:MM:SS)");
        }
        if (!c.runsOnCluster() && !"jtune".equals(c.engine())) {
            throw new IllegalArgumentException("--engine " + c.engine() + " runs on a cluster: add --cluster NAME "
                    + "(see %cluster list), or drop --engine to train here");
        }
        if (!c.runsOnCluster() && (c.nodes() > 1 || c.gpusPerNode() > 0 || c.time() != null)) {
            throw new IllegalArgumentException("--nodes, --gpus-per-node and --time ask a cluster for resources: add "
                    + "--cluster NAME (see %cluster list), or drop them to train here");
        }
        // The exports to LLaMA-Factory and TRL write SFT data and configs; a preference job sent there would
        // silently train SFT on the prompts, so it is refused until those exports learn their DPO stages.
        if (c.trainsPreferences() && !"jtune".equals(c.engine())) {
            throw new IllegalArgumentException("--stage dpo runs on a cluster with --engine jtune only: the "
                    + c.engine() + " export writes supervised (SFT) training; use --engine jtune, or train here");
        }
        if ("jtune".equals(c.engine()) && c.nodes() > 1) {
            throw new IllegalArgumentException("--nodes " + c.nodes() + ": JTune's own trainer uses one node; use "
                    + "--engine llamafactory or --engine trl to train across nodes");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
