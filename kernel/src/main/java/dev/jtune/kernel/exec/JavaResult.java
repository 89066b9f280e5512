package dev.jtune.kernel.exec;

/**
 * Outcome of running Java source in JShell. {@code hasValue} is true when the last snippet was an
 * expression whose value the notebook should show ({@code value} is the live object, {@code text} JShell's
 * rendering of it).
 */
public record JavaResult(boolean hasValue, Object value, String text, CellError error) {
    public static JavaResult nothing() {
        return new JavaResult(false, null, null, null);
    }

    public static JavaResult failed(CellError error) {
        return new JavaResult(false, null, null, error);
    }

    public boolean ok() {
        return error == null;
    }
}
