package dev.jtune.kernel.magic;

/**
 * A user mistake a magic reports: the message must say what was wrong, where (flag and value, file and line)
 * and what to do. The notebook shows it as an error named {@link #errorName()} without a Java stack trace.
 */
public class MagicException extends Exception {
    private final String errorName;

    public MagicException(String message) {
        this("UsageError", message, null);
    }

    public MagicException(String message, Throwable cause) {
        this("UsageError", message, cause);
    }

    /** @param errorName the error's name in the notebook, e.g. "DatasetError" */
    public MagicException(String errorName, String message, Throwable cause) {
        super(message, cause);
        this.errorName = errorName;
    }

    public String errorName() {
        return errorName;
    }
}
