package dev.jtune.kernel.magic;

import java.util.List;

/**
 * One use of a magic in a cell.
 *
 * @param name      the magic's name, without {@code %}
 * @param arguments the raw text after the name on the magic's line (trimmed), for magics that take source code
 *                  ({@code %time}); every other magic reads {@code argv} and never splits this again
 * @param argv      {@code arguments} split once by the kernel's {@link ArgSplitter}
 * @param body      the cell's text after the {@code %%name} line; null for a line magic
 * @param line      the 1-based line of the cell where the magic is written
 */
public record MagicInvocation(String name, String arguments, List<String> argv, String body, int line) {
    public MagicInvocation {
        argv = List.copyOf(argv);
    }

    public boolean isCell() {
        return body != null;
    }

    public String[] args() {
        return argv.toArray(String[]::new);
    }
}
