package dev.jtune.trainer.job;

/** A job cannot go on; the message tells the user what to change. */
public class JobFailedException extends RuntimeException {

    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
