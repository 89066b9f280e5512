package dev.jtune.kernel.shell;

/** Jupyter counts cursor positions in Unicode code points; Java strings index UTF-16 units. */
final class CodePoints {
    private CodePoints() {
    }

    static int toUtf16(String text, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, text.codePointCount(0, text.length())));
        return text.offsetByCodePoints(0, cp);
    }

    static int fromUtf16(String text, int utf16) {
        return text.codePointCount(0, Math.max(0, Math.min(utf16, text.length())));
    }
}
