package dev.jtune.trainer.eval;

import java.util.List;

/** Mean token cross-entropy of each example's expected answer given its prompt, as the trainer computes its loss. */
@FunctionalInterface
public interface ReferenceLoss {

    double meanLoss(List<EvalExample> examples);
}
