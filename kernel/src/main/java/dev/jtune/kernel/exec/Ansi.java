package dev.jtune.kernel.exec;

/** Colours for tracebacks; Jupyter front ends render ANSI escapes in error output. */
final class Ansi {
    private Ansi() {
    }

    static String red(String s) {
        return "\u001b[0;31m" + s + "\u001b[0m";
    }

    static String green(String s) {
        return "\u001b[0;32m" + s + "\u001b[0m";
    }

    static String bold(String s) {
        return "\u001b[1m" + s + "\u001b[0m";
    }
}
