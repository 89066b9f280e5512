package dev.jtune.trainer.data;

import dev.jtune.trainer.UserFacingException;

/** A dataset that cannot be used as given; the message says what is wrong, where, and what to do. */
public class DatasetException extends UserFacingException {

    private final transient LoadReport report;

    public DatasetException(String message) {
        this(message, null, null);
    }

    public DatasetException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public DatasetException(String message, LoadReport report, Throwable cause) {
        super(message, cause);
        this.report = report;
    }

    /** The validation report behind the failure, or null when the failure was not about records. */
    public LoadReport report() {
        return report;
    }
}
