package dev.jtune.trainer;

/**
 * An error meant for the person who typed the command: its message is a complete sentence (what was wrong, where,
 * what to do), so front ends show it as is, without a stack trace. Domain exceptions of the trainer extend it, so a
 * front end tells user mistakes from bugs by type, not by package name.
 */
public class UserFacingException extends RuntimeException {

    public UserFacingException(String sentence) {
        super(sentence);
    }

    public UserFacingException(String sentence, Throwable cause) {
        super(sentence, cause);
    }

    /** True for the trainer's user-facing errors and for the IllegalArgumentExceptions that carry sentences too. */
    public static boolean isUserFacing(Throwable t) {
        return t instanceof UserFacingException || t instanceof IllegalArgumentException;
    }
}
