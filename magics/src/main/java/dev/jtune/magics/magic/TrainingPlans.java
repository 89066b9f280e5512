package dev.jtune.magics.magic;

import dev.jtune.magics.render.TrainingPlan;
import dev.jtune.magics.session.Session;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobPlan;

/**
 * The trainer's plan of a job (its own batching: split, max-samples, truncation, packing, grad-accum, max-steps)
 * in the form the parameters table shows.
 */
final class TrainingPlans {
    private TrainingPlans() {
    }

    static TrainingPlan of(JobPlan plan) {
        double epochs = Math.round(plan.epochs() * 100) / 100.0;  // --max-steps can stop mid-epoch
        return new TrainingPlan(plan.examples(), plan.tokensPerEpoch(), epochs, plan.totalSteps(), plan.device(),
                plan.estimate(), plan.estimateSource(), plan.gradCheckpointing());
    }

    /**
     * The plan shown before training, without timing steps (the job itself is about to); null when the data
     * cannot be counted (the job will then report the problem itself).
     */
    static TrainingPlan quick(JobConfig config, Session session) {
        try {
            return of(session.jobs().plan(config, false));
        } catch (Exception e) {
            return null;
        }
    }
}
