package dev.jtune.trainer.preference;

/**
 * The preference loss of a DPO job. Sequence log-probabilities are sums over the answer's tokens (TRL); the reward of
 * an answer is β times its log-ratio to the reference model. The derivatives are exact, so the engine back-propagates
 * them through each row's log-probability instead of building the loss in the graph.
 *
 * @param loss           the pairwise loss
 * @param beta           β: how far the policy may move from the reference (TRL's and LLaMA-Factory's beta)
 * @param labelSmoothing ε of conservative DPO (sigmoid loss only): the share of pairs assumed mislabelled
 * @param ftx            weight of an added SFT loss on the chosen answer, −log π(chosen)/len(chosen)
 *                       (LLaMA-Factory's {@code pref_ftx})
 */
public record PreferenceObjective(PreferenceLoss loss, double beta, double labelSmoothing, double ftx) {

    public PreferenceObjective {
        if (!(beta > 0)) {
            throw new IllegalArgumentException("beta must be positive, not " + beta);
        }
        if (labelSmoothing != 0 && loss != PreferenceLoss.SIGMOID) {
            throw new IllegalArgumentException("label smoothing applies to the sigmoid loss only");
        }
    }

    /**
     * @param chosen      log π(chosen), summed over its scored tokens
     * @param rejected    log π(rejected)
     * @param refChosen   log π_ref(chosen)
     * @param refRejected log π_ref(rejected)
     * @param lenChosen   scored tokens of the chosen answer
     * @param lenRejected scored tokens of the rejected answer
     */
    public PairTerms pair(double chosen, double rejected, double refChosen, double refRejected, int lenChosen,
                          int lenRejected) {
        double chosenRatio = chosen - refChosen;
        double rejectedRatio = rejected - refRejected;
        double delta = chosenRatio - rejectedRatio;
        double value;
        double dChosen;
        double dRejected;
        switch (loss) {
            case SIGMOID -> {
                double z = beta * delta;
                double eps = labelSmoothing;
                value = (1 - eps) * softplus(-z) + eps * softplus(z);
                double dDelta = beta * (-(1 - eps) * sigmoid(-z) + eps * sigmoid(z));
                dChosen = dDelta;
                dRejected = -dDelta;
            }
            case HINGE -> {
                double margin = 1 - beta * delta;
                value = Math.max(0, margin);
                double dDelta = margin > 0 ? -beta : 0;
                dChosen = dDelta;
                dRejected = -dDelta;
            }
            case IPO -> {
                double lc = Math.max(1, lenChosen);
                double lr = Math.max(1, lenRejected);
                double gap = chosenRatio / lc - rejectedRatio / lr - 1 / (2 * beta);
                value = gap * gap;
                dChosen = 2 * gap / lc;
                dRejected = -2 * gap / lr;
            }
            default -> throw new IllegalStateException(loss.name());
        }
        if (ftx != 0) {
            double lc = Math.max(1, lenChosen);
            value += ftx * (-chosen / lc);
            dChosen += -ftx / lc;
        }
        return new PairTerms(value, dChosen, dRejected, beta * chosenRatio, beta * rejectedRatio);
    }

    /**
     * Scores a concatenated batch: rows [chosen₁ … chosenₙ, rejected₁ … rejectedₙ].
     *
     * @return each pair's terms, in pair order
     */
    public PairTerms[] pairs(double[] policy, double[] reference, int[] lengths) {
        int n = policy.length / 2;
        PairTerms[] out = new PairTerms[n];
        for (int i = 0; i < n; i++) {
            out[i] = pair(policy[i], policy[n + i], reference[i], reference[n + i], lengths[i], lengths[n + i]);
        }
        return out;
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
