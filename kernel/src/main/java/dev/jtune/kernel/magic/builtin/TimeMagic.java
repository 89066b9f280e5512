package dev.jtune.kernel.magic.builtin;

import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicException;
import dev.jtune.kernel.magic.MagicInvocation;

import java.util.Locale;
import java.util.Set;

/** {@code %time STATEMENT} / {@code %%time} + Java body: run Java and print the wall time it took. */
public final class TimeMagic implements Magic {
    @Override
    public String name() {
        return "time";
    }

    @Override
    public String description() {
        return "Time Java code: %time STATEMENT, or %%time with the code below.";
    }

    @Override
    public Set<Form> forms() {
        return Set.of(Form.LINE, Form.CELL);
    }

    @Override
    public boolean bodyIsJava() {
        return true;
    }

    @Override
    public boolean splitsArguments() {
        return false;
    }

    @Override
    public void run(MagicInvocation invocation, MagicContext context) throws MagicException {
        String code = invocation.isCell() ? invocation.body() : invocation.arguments();
        if (code.isBlank()) {
            throw new MagicException("%time needs Java code to time, e.g. %time Thread.sleep(100)");
        }
        long start = System.nanoTime();
        Object value;
        try {
            value = context.eval(code);
        } finally {
            double ms = (System.nanoTime() - start) / 1e6;
            context.out().println(String.format(Locale.ROOT, "Wall time: %s",
                    ms < 1000 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.3f s", ms / 1000)));
        }
        if (value != null) {
            context.display().display(value);
        }
    }
}
