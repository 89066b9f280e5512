package dev.jtune.trainer.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;

import java.time.Clock;
import java.time.ZonedDateTime;

/**
 * The global functions HuggingFace adds to its chat-template environment. Jinjava calls static methods, so
 * per-render state (the clock) travels in the template context rather than in a static field.
 */
final class TemplateFunctions {

    /** Context variable holding the {@link Clock} that {@code strftime_now} reads. */
    static final String CLOCK_VARIABLE = "__jtune_clock";

    private TemplateFunctions() {
    }

    /** {@code raise_exception(message)}: templates call it to reject conversations they cannot format. */
    public static Object raiseException(Object message) {
        throw new TemplateRaisedException(String.valueOf(message));
    }

    /** {@code strftime_now(format)}: Llama 3.1/3.2 templates put today's date into the system prompt. */
    public static String strftimeNow(String format) {
        Clock clock = JinjavaInterpreter.getCurrentMaybe()
                .map(i -> i.getContext().get(CLOCK_VARIABLE))
                .filter(Clock.class::isInstance)
                .map(Clock.class::cast)
                .orElse(Clock.systemDefaultZone());
        return PythonStrftime.format(format, ZonedDateTime.now(clock));
    }
}
