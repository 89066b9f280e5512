package dev.jtune.trainer.text;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.IsIterableExpTest;

/**
 * Jinja2's {@code is iterable}: true for strings too, as in Python. Jinjava says false for strings, which makes
 * Llama 3.1's template print a tool result without the {@code tojson} quoting transformers gives it.
 */
final class PythonIterableTest extends IsIterableExpTest {

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
        return var instanceof CharSequence || super.evaluate(var, interpreter, args);
    }
}
