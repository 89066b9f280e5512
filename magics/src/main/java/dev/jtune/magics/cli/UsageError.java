package dev.jtune.magics.cli;

/**
 * A mistake in how a magic was called. Its message is a complete sentence for the notebook user
 * (what was wrong, which flag and value, what to do), so it is shown as is, never as a stack trace.
 */
public final class UsageError extends RuntimeException {
    public UsageError(String sentence) {
        super(sentence, null, false, false);
    }
}
