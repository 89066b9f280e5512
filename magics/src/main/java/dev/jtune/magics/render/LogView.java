package dev.jtune.magics.render;

import java.util.List;

/** {@code %jobs logs}: a job's log lines, monospaced. */
public final class LogView {
    private LogView() {
    }

    public static Bundle render(String job, List<String> lines) {
        String text = lines.isEmpty() ? "Job " + job + " has no log lines yet." : String.join("\n", lines);
        return Bundle.of(text, "<pre style=\"font-size:12px;max-height:400px;overflow:auto\">" + Html.escape(text) + "</pre>");
    }
}
