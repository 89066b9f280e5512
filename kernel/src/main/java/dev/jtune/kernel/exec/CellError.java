package dev.jtune.kernel.exec;

import java.util.List;

/** What an error reply and the iopub {@code error} message carry. */
public record CellError(String ename, String evalue, List<String> traceback) {
    public CellError {
        evalue = evalue == null ? "" : evalue;
        traceback = List.copyOf(traceback);
    }

    public static CellError of(String ename, String evalue) {
        return new CellError(ename, evalue, List.of(Ansi.red(ename) + ": " + (evalue == null ? "" : evalue)));
    }

    public static CellError interrupted() {
        return of("Interrupted", "The cell was interrupted; variables defined before the interrupt are kept.");
    }
}
