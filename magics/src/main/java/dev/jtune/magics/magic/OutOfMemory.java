package dev.jtune.magics.magic;

import java.util.Locale;

/** Says what to do when generation runs out of memory, instead of the engine's message. */
final class OutOfMemory {
    private OutOfMemory() {
    }

    static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof OutOfMemoryError || message.contains("out of memory") || message.contains("cuda error: out of memory")) {
                return true;
            }
        }
        return false;
    }

    static String explain(RuntimeException e) {
        if (is(e)) {
            return "Out of memory while generating: ask for fewer tokens (--max-new-tokens), compare fewer models at once, "
                    + "or stop a training job that holds the device.";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
