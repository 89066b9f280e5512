package dev.jtune.trainer.hub;

/** A hub download failed; the message says why and what to do. */
public class HubException extends RuntimeException {

    public HubException(String message) {
        super(message);
    }

    public HubException(String message, Throwable cause) {
        super(message, cause);
    }
}
