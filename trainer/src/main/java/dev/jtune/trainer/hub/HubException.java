package dev.jtune.trainer.hub;

import dev.jtune.trainer.UserFacingException;

/** A hub download failed; the message says why and what to do. */
public class HubException extends UserFacingException {

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
