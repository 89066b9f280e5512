package dev.jtune.trainer.engine;

/** Sum of w·nll and of w over scored tokens; add several to get a dataset's mean loss. */
public record LossSum(double weightedNll, double weight) {

    public static final LossSum ZERO = new LossSum(0, 0);

    public LossSum plus(LossSum other) {
        return new LossSum(weightedNll + other.weightedNll, weight + other.weight);
    }

    public double mean() {
        return weight == 0 ? Double.NaN : weightedNll / weight;
    }
}
