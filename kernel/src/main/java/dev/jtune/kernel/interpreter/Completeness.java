package dev.jtune.kernel.interpreter;

/** Whether a cell is ready to run (is_complete): "complete", "incomplete" (with an indent), "invalid" or "unknown". */
public record Completeness(String status, String indent) {
    public static final Completeness COMPLETE = new Completeness("complete", null);
    public static final Completeness UNKNOWN = new Completeness("unknown", null);

    public static Completeness of(String status) {
        return "incomplete".equals(status) ? new Completeness(status, "    ") : new Completeness(status, null);
    }
}
