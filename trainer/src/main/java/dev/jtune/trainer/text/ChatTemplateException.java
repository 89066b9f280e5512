package dev.jtune.trainer.text;

import dev.jtune.trainer.UserFacingException;

/** A chat template is missing, cannot be parsed, or refused the conversation (its {@code raise_exception}). */
public class ChatTemplateException extends UserFacingException {

    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
