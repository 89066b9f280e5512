package dev.jtune.trainer.engine;

/**
 * Whether steps of one batch shape recompute activations, and why, in words a parameters table can show
 * (e.g. "on (auto): ~5.6 GiB of activations exceed the budget of 4.0 GiB").
 */
public record RecomputeDecision(boolean recompute, String reason) {

    public String describe() {
        return (recompute ? "on" : "off") + " (" + reason + ")";
    }
}
