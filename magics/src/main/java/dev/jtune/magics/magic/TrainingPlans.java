package dev.jtune.magics.magic;

import java.time.Duration;
import java.util.List;

import dev.jtune.magics.render.TrainingPlan;
import dev.jtune.magics.session.Session;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetSplit;
import dev.jtune.trainer.data.stats.DatasetStats;
import dev.jtune.trainer.engine.Devices;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.StepMetrics;

/**
 * What a job will cost before it starts: examples, tokens per epoch (after truncation, with the base model's
 * tokenizer), steps, and a time from the throughput earlier jobs of the same base and method measured here.
 */
final class TrainingPlans {
    private TrainingPlans() {
    }

    /** Null when the data cannot be counted (the job will then report the problem itself). */
    static TrainingPlan plan(JobConfig config, Session session) {
        try {
            CatalogEntry entry = session.datasets().get(config.data());
            DatasetStats stats = session.stats().all(entry, config.base(), config.maxSeqLen());
            // A job splits the whole dataset by its own val-ratio and seed (the trainer's JobDataFactory).
            long examples = config.val() == null
                    ? DatasetSplit.of(entry.dataset().examples(), config.valRatio(), config.seed()).train().size()
                    : entry.dataset().examples().size();
            if (config.maxSamples() > 0) {
                examples = Math.min(examples, config.maxSamples());
            }
            long tokensPerEpoch = stats.examples() == 0 ? 0 : stats.tokensAfterTruncation() * examples / stats.examples();
            long microBatches = (examples + config.batchSize() - 1) / config.batchSize();
            long steps = config.totalSteps(microBatches);
            double tokensPerSecond = measuredThroughput(config, session);
            Duration estimate = tokensPerSecond <= 0 ? null
                    : Duration.ofSeconds(Math.round(tokensPerEpoch * config.epochs() / tokensPerSecond));
            String device = Devices.best().isGpu() ? "the GPU" : "the CPU";
            return new TrainingPlan(examples, tokensPerEpoch, config.epochs(), steps, device, estimate);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The newest throughput of a job with the same base, method and batch size, else 0. */
    private static double measuredThroughput(JobConfig config, Session session) {
        List<Job> jobs = session.workspace().jobs();
        for (int i = jobs.size() - 1; i >= 0; i--) {
            if (jobs.get(i).damage().isPresent()) {
                continue;
            }
            JobConfig other = jobs.get(i).config();
            if (config.base().equals(other.base()) && config.method().equals(other.method())
                    && config.batchSize() == other.batchSize()) {
                List<StepMetrics> metrics = jobs.get(i).metrics();
                if (!metrics.isEmpty()) {
                    return metrics.get(metrics.size() - 1).tokensPerSecond();
                }
            }
        }
        return 0;
    }
}
