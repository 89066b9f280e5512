package dev.jtune.magics.cli;

/** A command with rules across flags (how many models, which action) that picocli cannot express. */
interface Validated {
    /** @throws UsageError naming the problem */
    void validate();
}
