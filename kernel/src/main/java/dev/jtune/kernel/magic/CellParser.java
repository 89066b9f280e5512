package dev.jtune.kernel.magic;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into Java and magics. A cell whose first non-blank line starts with {@code %%} is one cell
 * magic: that line names it, the rest is its body. Otherwise every line starting with {@code %} (after
 * indentation) is a line magic, and the lines between them are Java, run in order.
 */
public final class CellParser {
    private CellParser() {
    }

    public static List<CellSegment> parse(String cell) {
        List<CellSegment> segments = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first < lines.length && lines[first].stripLeading().startsWith("%%")) {
            String line = lines[first];
            StringBuilder body = new StringBuilder();
            for (int i = first + 1; i < lines.length; i++) {
                body.append(lines[i]);
                if (i < lines.length - 1) {
                    body.append('\n');
                }
            }
            segments.add(magic(line, line.indexOf("%%") + 2, body.toString(), first + 1));
            return segments;
        }
        StringBuilder java = new StringBuilder();
        int javaStart = 1;
        for (int i = 0; i < lines.length; i++) {
            String stripped = lines[i].stripLeading();
            if (stripped.startsWith("%") && !stripped.startsWith("%%")) {
                flushJava(segments, java, javaStart);
                segments.add(magic(lines[i], lines[i].indexOf('%') + 1, null, i + 1));
                javaStart = i + 2;
            } else {
                if (java.length() == 0) {
                    javaStart = i + 1;
                }
                java.append(lines[i]).append('\n');
            }
        }
        flushJava(segments, java, javaStart);
        return segments;
    }

    /** True when {@code line} (one line of a cell) is a magic line. */
    public static boolean isMagicLine(String line) {
        return line.stripLeading().startsWith("%");
    }

    private static void flushJava(List<CellSegment> segments, StringBuilder java, int firstLine) {
        if (!java.toString().isBlank()) {
            String code = java.toString();
            segments.add(new CellSegment.Java(code.substring(0, code.length() - 1), firstLine));
        }
        java.setLength(0);
    }

    /** The magic written on {@code line}, whose name starts at index {@code nameAt}. */
    private static CellSegment magic(String line, int nameAt, String body, int lineNumber) {
        int start = nameAt;
        while (start < line.length() && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
            end++;
        }
        String name = line.substring(start, end);
        String arguments = line.substring(end).strip();
        int argumentsAt = end;
        while (argumentsAt < line.length() && Character.isWhitespace(line.charAt(argumentsAt))) {
            argumentsAt++;
        }
        try {
            return new CellSegment.MagicCall(new MagicInvocation(name, arguments,
                    ArgSplitter.split(arguments, argumentsAt + 1), body, lineNumber), null);
        } catch (MagicException e) {
            return new CellSegment.MagicCall(new MagicInvocation(name, arguments, List.of(), body, lineNumber), e);
        }
    }
}
