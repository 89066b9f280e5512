package dev.jtune.kernel.protocol;

/** A message that must not be acted upon: bad signature, missing delimiter, or undecodable JSON. */
public class InvalidMessageException extends Exception {
    public InvalidMessageException(String message) {
        super(message);
    }
}
