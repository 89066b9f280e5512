package dev.jtune.kernel.interpreter;

import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.exec.Completion;

import java.time.Duration;
import java.util.Optional;

/**
 * The language side of the kernel (like xeus' {@code xinterpreter}): it owns the cell grammar (Java, {@code %}
 * line magics, {@code %%} cell magics) and knows nothing of Jupyter messages. The protocol classes translate
 * requests into these calls and results into replies. Offsets are Java string (UTF-16) indexes.
 * <p>
 * {@link #execute} runs on one thread at a time; completion, inspection and {@link #isComplete} may be called
 * from another thread while a cell runs; {@link #interrupt} from any thread.
 */
public interface CellInterpreter {
    /** Runs a cell; its output goes to the display system and streams as it happens. Never throws. */
    CellOutcome execute(String code, int executionCount);

    /** The value of one expression, rendered (Jupyter's user_expressions). Never throws. */
    CellOutcome evaluate(String expression);

    Completion complete(String code, int cursor);

    /** What to show for the name at the cursor (signature and first Javadoc sentence, or a magic's help). */
    Optional<MimeBundle> inspect(String code, int cursor);

    Completeness isComplete(String code);

    /** Stops the running cell, if any: its Java code, a blocking call, or a magic's work. */
    void interrupt();

    /** Stops the running cell and lets magics stop their work cleanly, within {@code grace}. */
    void shutdown(Duration grace);
}
