package dev.jtune.trainer.preference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums over preference pairs of the loss and of TRL's DPO metrics; add several, then read the means.
 *
 * @param pairs          pairs summed
 * @param loss           Σ pair loss
 * @param rewardChosen   Σ β·log-ratio of the chosen answers
 * @param rewardRejected Σ β·log-ratio of the rejected answers
 * @param correct        pairs whose chosen reward is above the rejected one
 * @param logpChosen     Σ log π(chosen)
 * @param logpRejected   Σ log π(rejected)
 */
public record PreferenceMetrics(long pairs, double loss, double rewardChosen, double rewardRejected, long correct,
                                double logpChosen, double logpRejected) {

    public static final PreferenceMetrics ZERO = new PreferenceMetrics(0, 0, 0, 0, 0, 0, 0);

    /** TRL's metric names, in the order TRL logs them; {@link #means()} uses these keys. */
    public static final List<String> NAMES = List.of("rewards/chosen", "rewards/rejected", "rewards/accuracies",
            "rewards/margins", "logps/chosen", "logps/rejected");

    /** The name of the preference accuracy among {@link #NAMES}. */
    public static final String ACCURACY = "rewards/accuracies";

    public static PreferenceMetrics of(PairTerms[] terms, double[] policy) {
        int n = terms.length;
        PreferenceMetrics sum = ZERO;
        for (int i = 0; i < n; i++) {
            PairTerms t = terms[i];
            sum = sum.plus(new PreferenceMetrics(1, t.loss(), t.rewardChosen(), t.rewardRejected(),
                    t.rewardChosen() > t.rewardRejected() ? 1 : 0, policy[i], policy[n + i]));
        }
        return sum;
    }

    public PreferenceMetrics plus(PreferenceMetrics o) {
        return new PreferenceMetrics(pairs + o.pairs, loss + o.loss, rewardChosen + o.rewardChosen,
                rewardRejected + o.rewardRejected, correct + o.correct, logpChosen + o.logpChosen,
                logpRejected + o.logpRejected);
    }

    public double meanLoss() {
        return pairs == 0 ? Double.NaN : loss / pairs;
    }

    public double accuracy() {
        return pairs == 0 ? Double.NaN : (double) correct / pairs;
    }

    /** Means per pair under TRL's names (empty when no pairs were summed). */
    public Map<String, Double> means() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (pairs == 0) {
            return out;
        }
        out.put("rewards/chosen", rewardChosen / pairs);
        out.put("rewards/rejected", rewardRejected / pairs);
        out.put("rewards/accuracies", accuracy());
        out.put("rewards/margins", (rewardChosen - rewardRejected) / pairs);
        out.put("logps/chosen", logpChosen / pairs);
        out.put("logps/rejected", logpRejected / pairs);
        return out;
    }
}
