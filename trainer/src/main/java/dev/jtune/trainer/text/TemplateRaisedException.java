package dev.jtune.trainer.text;

/** Thrown by a template's {@code raise_exception(...)}: the template's author rejected the conversation. */
final class TemplateRaisedException extends RuntimeException {

    TemplateRaisedException(String message) {
        super(message);
    }
}
