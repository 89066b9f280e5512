package dev.jtune.trainer.job;

/** Splits {@code JOB:STEP} / {@code JOB:best} / {@code JOB:last} references. */
public final class ModelRef {

    private ModelRef() {
    }

    public static String jobPart(String reference) {
        int colon = reference.indexOf(':');
        return colon < 0 ? reference : reference.substring(0, colon);
    }

    /** The part after the colon, or "last". */
    public static String checkpointPart(String reference) {
        int colon = reference.indexOf(':');
        return colon < 0 ? "last" : reference.substring(colon + 1);
    }
}
