package dev.jtune.kernel.interpreter;

import dev.jtune.kernel.exec.Completion;
import dev.jtune.kernel.magic.ArgSplitter;
import dev.jtune.kernel.magic.CellParser;
import dev.jtune.kernel.magic.CellSegment;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicRegistry;
import dev.jtune.kernel.magic.builtin.LsMagic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Completion and inspection on a {@code %name args} line: magic names after {@code %}, then whatever the magic
 * offers for the word at the cursor (its words split with the same grammar the kernel runs it with).
 */
final class MagicLines {
    private static final Logger LOG = Logger.getLogger(MagicLines.class.getName());

    private final MagicRegistry magics;

    MagicLines(MagicRegistry magics) {
        this.magics = magics;
    }

    /** Completion for {@code line}, the magic line up to the cursor; offsets are within {@code line}. */
    Completion complete(String line) {
        int percent = line.indexOf('%');
        int nameStart = percent + (line.startsWith("%%", percent) ? 2 : 1);
        int nameEnd = nameStart;
        while (nameEnd < line.length() && !Character.isWhitespace(line.charAt(nameEnd))) {
            nameEnd++;
        }
        String typedName = line.substring(nameStart, nameEnd);
        if (nameEnd == line.length()) {
            List<String> names = magics.all().stream().map(Magic::name).filter(n -> n.startsWith(typedName)).toList();
            return new Completion(names, nameStart, line.length());
        }
        Optional<Magic> magic = magics.find(typedName);
        if (magic.isEmpty()) {
            return new Completion(List.of(), line.length(), line.length());
        }
        ArgSplitter.Partial partial = ArgSplitter.partial(line.substring(nameEnd));
        Set<String> matches = new LinkedHashSet<>();
        try {
            for (String candidate : magic.get().complete(partial.words(), partial.current())) {
                if (candidate.startsWith(partial.current())) {
                    matches.add(candidate);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "%" + typedName + " failed to complete " + partial, e);
        }
        if (partial.current().startsWith("-") && "--help".startsWith(partial.current())) {
            matches.add("--help");
        }
        return new Completion(new ArrayList<>(matches), nameEnd + partial.start(), line.length());
    }

    /**
     * Completion in the body of a cell magic whose body is not Java (the YAML of {@code %%finetune}), by the
     * magic; empty when the cursor is not in such a body.
     */
    Optional<Completion> completeBody(String cell, int cursor) {
        List<CellSegment> segments = CellParser.parse(cell);
        if (segments.size() != 1 || !(segments.get(0) instanceof CellSegment.MagicCall call) || !call.invocation().isCell()) {
            return Optional.empty();
        }
        Optional<Magic> magic = magics.find(call.invocation().name());
        if (magic.isEmpty() || magic.get().bodyIsJava()) {
            return Optional.empty();
        }
        int bodyStart = cell.indexOf('\n', cell.indexOf("%%")) + 1;
        if (bodyStart == 0 || cursor < bodyStart) {
            return Optional.empty();
        }
        int wordStart = cursor;
        while (wordStart > bodyStart && " \t\n:,".indexOf(cell.charAt(wordStart - 1)) < 0) {
            wordStart--;
        }
        String current = cell.substring(wordStart, cursor);
        List<String> matches = new ArrayList<>();
        try {
            for (String candidate : magic.get().completeBody(cell.substring(bodyStart, cursor), current)) {
                if (candidate.startsWith(current)) {
                    matches.add(candidate);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "%%" + magic.get().name() + " failed to complete its body", e);
        }
        return Optional.of(new Completion(matches, wordStart, cursor));
    }

    /** The body of {@code cell} when it is a cell magic whose body is Java ({@code %%time}). */
    Optional<String> javaBody(String cell) {
        List<CellSegment> segments = CellParser.parse(cell);
        if (segments.size() == 1 && segments.get(0) instanceof CellSegment.MagicCall call && call.invocation().isCell()
                && magics.find(call.invocation().name()).map(Magic::bodyIsJava).orElse(false)) {
            return Optional.of(call.invocation().body());
        }
        return Optional.empty();
    }

    /** The magic named on {@code line}: how it is written and its one-line description. */
    Optional<String> inspect(String line) {
        String stripped = line.strip().replaceFirst("^%%?", "");
        String name = stripped.split("\\s+", 2)[0];
        return magics.find(name).map(m -> LsMagic.usage(m) + ": " + m.description()
                + "\n" + LsMagic.usage(m).split(",")[0] + " --help shows every option.");
    }
}
