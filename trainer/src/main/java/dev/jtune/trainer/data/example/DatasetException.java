package dev.jtune.trainer.data.example;

import dev.jtune.trainer.UserFacingException;

/** A dataset that cannot be used as given; the message says what is wrong, where, and what to do. */
public class DatasetException extends UserFacingException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
