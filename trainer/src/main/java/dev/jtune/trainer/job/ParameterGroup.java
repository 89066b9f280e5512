package dev.jtune.trainer.job;

/** The sections of {@code --help} and of the parameters table, in the order a hosted console shows them. */
public enum ParameterGroup {
    RUN("Run"),
    DATA("Data"),
    OPTIMIZATION("Optimization"),
    SCHEDULE("Schedule"),
    LORA("LoRA"),
    PRECISION_AND_MEMORY("Precision and memory"),
    CHECKPOINTS("Checkpoint"),
    EVALUATION("Evaluation"),
    // preference tuning (DPO)
    PREFERENCE("Preference tuning"),
    CLUSTER("Cluster");

    private final String title;

    ParameterGroup(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
