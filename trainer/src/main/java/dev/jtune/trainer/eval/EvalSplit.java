package dev.jtune.trainer.eval;

import java.util.Locale;

/** Which examples of a dataset are scored. */
public enum EvalSplit {
    /** The held-out examples (split at load or mix time). */
    VAL,
    /** The training examples (to compare with the held-out score: a large gap is overfitting). */
    TRAIN,
    /** Every example. */
    ALL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
