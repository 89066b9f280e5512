package dev.jtune.trainer.text;

/** A chat template is missing, cannot be parsed, or refused the conversation (its {@code raise_exception}). */
public class ChatTemplateException extends RuntimeException {

    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
