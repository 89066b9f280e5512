package dev.jtune.magics.render;

import java.util.Locale;

/** A job status as a small coloured label, the way hosted consoles mark running, finished and failed tasks. */
public final class StatusBadge {
    private StatusBadge() {
    }

    public static String color(String status) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "running", "stopping" -> "#1e88e5";
            case "succeeded" -> "#43a047";
            case "failed" -> "#e53935";
            case "stopped", "interrupted" -> "#fb8c00";
            default -> "#9e9e9e";
        };
    }

    public static String html(String status) {
        return "<span style=\"background:" + color(status) + ";color:white;border-radius:3px;padding:1px 6px;font-size:12px\">"
                + Html.escape(status) + "</span>";
    }
}
