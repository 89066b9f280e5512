package dev.jtune.trainer.job;

import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.engine.FineTuner;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Plans a job without creating it: opens its data as the job would and counts steps with the job's own rule
 * ({@link JobConfig#totalSteps}); estimates the time from an earlier job of the same base, method, batch size and
 * length, else (when asked) by timing two real optimizer steps.
 */
final class JobPlanner {

    private final Workspace workspace;
    private final ModelResolver resolver;
    private final FineTunerFactory tuners;
    private final TrainingDataFactory datasets;
    private final Semaphore device;
    private final String deviceName;

    JobPlanner(Workspace workspace, ModelResolver resolver, FineTunerFactory tuners, TrainingDataFactory datasets,
               Semaphore device, String deviceName) {
        this.workspace = workspace;
        this.resolver = resolver;
        this.tuners = tuners;
        this.datasets = datasets;
        this.device = device;
        this.deviceName = deviceName;
    }

    JobPlan plan(JobConfig config, boolean timeSteps) throws IOException {
        ResolvedModel base = resolver.resolve(config.base());
        TrainingData data = datasets.open(config, base);
        long perEpoch = data.batchesPerEpoch();
        long stepsPerEpoch = config.stepsPerEpoch(perEpoch);
        long total = perEpoch <= 0 ? 0 : config.totalSteps(perEpoch);
        long tokensPerStep = stepsPerEpoch == 0 ? 0 : data.tokensPerEpoch() / stepsPerEpoch;
        Duration estimate = null;
        String source = "no estimate: no earlier job of this base, method, batch size and length";
        Measured earlier = earlierThroughput(config);
        if (earlier != null && tokensPerStep > 0) {
            estimate = Duration.ofMillis(Math.round(1000.0 * tokensPerStep * total / earlier.tokensPerSecond));
            source = "from job " + earlier.job + " (" + Math.round(earlier.tokensPerSecond) + " tokens/s)";
        } else if (timeSteps && total > 0) {
            Double seconds = timeTwoSteps(config, base, data);
            if (seconds == null) {
                source = "no estimate: the device is busy with another job";
            } else {
                estimate = Duration.ofMillis(Math.round(1000 * seconds * total));
                source = "timed 2 steps now (" + String.format(java.util.Locale.ROOT, "%.2f", seconds) + " s/step)";
            }
        }
        return new JobPlan(config, data.examples(), data.tokensPerEpoch(), perEpoch, stepsPerEpoch, total,
                deviceName, estimate, source, gradCheckpointing(config, base, data));
    }

    /**
     * The engine's recompute choice for the largest micro-batch the job makes: batch-size rows (fewer when the data
     * has fewer; a preference pair is two sequences) of its longest row (max-seq-len when the data does not tell).
     * A batch that cannot fit fails the plan with the engine's sentence, naming what to lower.
     */
    private String gradCheckpointing(JobConfig config, ResolvedModel base, TrainingData data) throws IOException {
        long available = data.trainingRows();
        int rows = (available > 0 ? (int) Math.min(config.batchSize(), available) : config.batchSize())
                * data.sequencesPerRow();
        int t = data.longestRow() > 0 ? Math.min(data.longestRow(), config.maxSeqLen()) : config.maxSeqLen();
        String choice = tuners.gradCheckpointingPlan(base.baseFolder(), config, rows, t);
        return choice == null ? null : choice + " for micro-batches of up to " + rows + " × " + t + " tokens";
    }

    private record Measured(String job, double tokensPerSecond) {
    }

    /** The newest job with the same base, method, batch size and max length that logged a throughput. */
    private Measured earlierThroughput(JobConfig config) {
        List<Job> jobs = workspace.jobs();
        for (int i = jobs.size() - 1; i >= 0; i--) {
            Job job = jobs.get(i);
            if (job.damage().isPresent()) {
                continue;  // a damaged job folder says nothing about speed
            }
            JobConfig other = job.config();
            if (config.base().equals(other.base()) && config.method().equals(other.method())
                    && config.batchSize() == other.batchSize() && config.maxSeqLen() == other.maxSeqLen()
                    && config.packing() == other.packing()) {
                List<StepMetrics> metrics = job.metrics();
                if (!metrics.isEmpty() && metrics.get(metrics.size() - 1).tokensPerSecond() > 0) {
                    return new Measured(job.name(), metrics.get(metrics.size() - 1).tokensPerSecond());
                }
            }
        }
        return null;
    }

    /**
     * Seconds of the second of two real optimizer steps (the first pays for warming up), on the job's first
     * batches; null when another job holds the device. The model is thrown away.
     */
    private Double timeTwoSteps(JobConfig config, ResolvedModel base, TrainingData data) throws IOException {
        if (!device.tryAcquire()) {
            return null;
        }
        try (FineTuner tuner = tuners.create(base.baseFolder(), config)) {
            if (base.hasCheckpoint()) {
                tuner.restore(base.checkpoint(), false);
            }
            if (config.trainsPreferences()) {
                PreferenceReference.fix(tuner, data, Math.min(data.batchesPerEpoch(), 2L * config.gradAccum()),
                        List.of(), null);
            }
            double lr = config.schedule(Math.max(2, config.totalSteps(data.batchesPerEpoch()))).learningRate(0);
            long index = 0;
            double seconds = 0;
            for (int step = 0; step < 2; step++) {
                List<Batch> micro = new ArrayList<>();
                for (int i = 0; i < config.gradAccum(); i++) {
                    micro.add(data.batch(0, index++ % data.batchesPerEpoch()));
                }
                long t0 = System.nanoTime();
                if (config.trainsPreferences()) {
                    tuner.preferenceStep(micro, config.preferenceObjective(), lr);
                } else {
                    tuner.step(micro, lr);
                }
                seconds = (System.nanoTime() - t0) / 1e9;
            }
            return seconds;
        } finally {
            device.release();
        }
    }
}
