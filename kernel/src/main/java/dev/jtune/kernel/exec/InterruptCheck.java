package dev.jtune.kernel.exec;

/**
 * The flag that instrumented snippet code polls. Static on purpose: {@link SnippetInstrumenter} injects
 * {@code invokestatic InterruptCheck.check()} into user classes, and a static volatile read is the cheapest
 * check a loop back-edge can make. There is one JShell per kernel JVM, so one flag.
 */
public final class InterruptCheck {
    private static volatile boolean requested;

    private InterruptCheck() {
    }

    /** Called by instrumented user code at every loop back-edge and method entry. */
    public static void check() {
        if (requested) {
            throw new CellInterruptedError();
        }
    }

    static void request() {
        requested = true;
    }

    static void clear() {
        requested = false;
    }

    public static boolean isRequested() {
        return requested;
    }
}
