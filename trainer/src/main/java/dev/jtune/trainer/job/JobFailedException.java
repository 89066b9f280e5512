package dev.jtune.trainer.job;

import dev.jtune.trainer.UserFacingException;

/** A job cannot go on; the message tells the user what to change. */
public class JobFailedException extends UserFacingException {

    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
