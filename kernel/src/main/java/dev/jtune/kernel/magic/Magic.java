package dev.jtune.kernel.magic;

import dev.jtune.kernel.display.RendererRegistry;

import java.util.Set;

/**
 * A notebook command: {@code %name args} (line form) or {@code %%name args} followed by a body (cell form).
 * Implementations are found with {@link java.util.ServiceLoader}: list them in
 * {@code META-INF/services/dev.jtune.kernel.magic.Magic}. Each needs a public no-argument constructor.
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

    /** Called once at kernel start-up, before any cell runs: register renderers for the types you show. */
    default void registerRenderers(RendererRegistry renderers) {
    }

    /**
     * Runs the magic. Throw {@link MagicException} for a user mistake (the message is shown without a stack
     * trace); any other exception is reported as a bug in the magic, with its stack trace.
     */
    void run(MagicInvocation invocation, MagicContext context) throws Exception;
}
