package dev.jtune.kernel.magic;

import java.util.List;
import java.util.Set;

/**
 * A notebook command: {@code %name args} (line form) or {@code %%name args} followed by a body (cell form).
 * Magics that share state come from a {@link MagicExtension}; a stateless one may be listed alone with
 * {@link java.util.ServiceLoader} in {@code META-INF/services/dev.jtune.kernel.magic.Magic} (public no-argument
 * constructor).
 * <p>
 * {@code %name --help} (and {@code %help name}) print {@link #help()} without calling {@link #run}.
 */
public interface Magic {
    /** The forms a magic can be written in. */
    enum Form { LINE, CELL }

    /** The name users type after {@code %}, e.g. "finetune". */
    String name();

    /** One line for {@code %lsmagic}. */
    String description();

    /** Full usage for {@code %help name}; picocli magics return {@code commandLine.getUsageMessage()}. */
    default String help() {
        return description();
    }

    /** Line form only by default; return {@code Set.of(Form.CELL)} or both as needed. */
    default Set<Form> forms() {
        return Set.of(Form.LINE);
    }

    /**
     * False for a magic whose argument text is source code rather than words ({@code %time STATEMENT}): the
     * kernel then does not report a quote it cannot split, and the magic reads {@link MagicInvocation#arguments()}.
     */
    default boolean splitsArguments() {
        return true;
    }

    /**
     * Completion of the word at the cursor: candidates for {@code current} given the words before it on the
     * magic's line (flags, flag values, subcommands, names of datasets or jobs). The kernel keeps those that
     * start with what was typed.
     */
    default List<String> complete(List<String> words, String current) {
        return List.of();
    }

    /** True when the body of {@code %%name} is Java ({@code %%time}): it is then completed as Java. */
    default boolean bodyIsJava() {
        return false;
    }

    /**
     * Completion inside the body of {@code %%name} (when it is not Java): candidates for {@code current}, the word
     * at the cursor, given the body's text up to the cursor. The kernel keeps those that start with {@code current}.
     */
    default List<String> completeBody(String bodyBeforeCursor, String current) {
        return List.of();
    }

    /**
     * Runs the magic. Throw {@link MagicException} for a user mistake (the message is shown without a stack
     * trace); any other exception is reported as a bug in the magic, with its stack trace.
     */
    void run(MagicInvocation invocation, MagicContext context) throws Exception;
}
