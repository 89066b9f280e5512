package dev.jtune.trainer.preference;

import java.util.Arrays;
import java.util.Locale;

/** The pairwise losses of {@code --pref-loss}, named and defined as in TRL's DPOTrainer and LLaMA-Factory. */
public enum PreferenceLoss {
    /** DPO: −log σ(β·Δ), with label smoothing ε the conservative form (1−ε)·(−log σ(βΔ)) − ε·log σ(−βΔ). */
    SIGMOID,
    /** IPO: (Δ/len − 1/(2β))², Δ taken per answer token (TRL normalises by each answer's length). */
    IPO,
    /** SLiC hinge: max(0, 1 − β·Δ). */
    HINGE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PreferenceLoss parse(String value) {
        for (PreferenceLoss l : values()) {
            if (l.id().equalsIgnoreCase(value.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown preference loss '" + value + "': use one of "
                + String.join(", ", Arrays.stream(values()).map(PreferenceLoss::id).toList()));
    }
}
