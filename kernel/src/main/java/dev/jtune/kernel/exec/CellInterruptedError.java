package dev.jtune.kernel.exec;

/**
 * Thrown inside user code when the cell is interrupted. An Error, not an Exception, so ordinary
 * {@code catch (Exception e)} blocks in user code do not swallow it.
 */
public final class CellInterruptedError extends Error {
    public CellInterruptedError() {
        super("The cell was interrupted.", null, false, false);
    }
}
