package dev.jtune.trainer.model;

/** A loss over whole sequences, seen through each row's log-probability (e.g. DPO over [chosen; rejected] rows). */
@FunctionalInterface
public interface SequenceObjective {

    /**
     * @param rowLogps each row's Σ log p over its scored targets, before the update
     * @return dL/d logp for each row (already scaled as the caller wants the gradients accumulated)
     */
    double[] gradient(double[] rowLogps);
}
