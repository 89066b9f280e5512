package dev.jtune.magics.render;

import java.util.List;
import java.util.Locale;

/** Up to three models' answers side by side in columns (text/plain: one after the other). */
public final class ChatView {
    private ChatView() {
    }

    public static Bundle render(String prompt, List<ChatColumn> columns) {
        return Bundle.of(text(prompt, columns), html(prompt, columns));
    }

    static String text(String prompt, List<ChatColumn> columns) {
        StringBuilder out = new StringBuilder("> ").append(prompt.replace("\n", "\n> "));
        for (ChatColumn column : columns) {
            out.append("\n\n── ").append(column.model()).append(" ──\n");
            out.append(column.error() != null ? "error: " + column.error() : column.text());
            out.append(column.done() ? "\n(" + footer(column) + ")" : " …");
        }
        return out.toString();
    }

    static String html(String prompt, List<ChatColumn> columns) {
        StringBuilder out = new StringBuilder();
        out.append("<div class=\"jtune-chat\" style=\"font-size:13px\">");
        out.append("<div style=\"color:#555;margin-bottom:4px;white-space:pre-wrap\">&gt; ").append(Html.escape(prompt)).append("</div>");
        out.append("<div style=\"display:grid;grid-template-columns:repeat(").append(columns.size())
                .append(",minmax(0,1fr));gap:8px\">");
        for (ChatColumn column : columns) {
            out.append("<div style=\"border:1px solid #ddd;border-radius:4px;padding:6px 8px\">");
            out.append("<div style=\"font-weight:bold;border-bottom:1px solid #eee;margin-bottom:4px\">")
                    .append(Html.escape(column.model())).append("</div>");
            if (column.error() != null) {
                out.append("<div style=\"color:#c62828;white-space:pre-wrap\">").append(Html.escape(column.error())).append("</div>");
            } else {
                out.append("<div style=\"white-space:pre-wrap\">").append(Html.escape(column.text()))
                        .append(column.done() ? "" : "<span style=\"color:#1e88e5\">▌</span>").append("</div>");
            }
            if (column.done()) {
                out.append("<div style=\"color:#888;font-size:11px;margin-top:4px\">").append(Html.escape(footer(column))).append("</div>");
            }
            out.append("</div>");
        }
        out.append("</div></div>");
        return out.toString();
    }

    private static String footer(ChatColumn column) {
        String speed = column.tokensPerSecond() == null ? "" : String.format(Locale.ROOT, ", %.1f tokens/s", column.tokensPerSecond());
        return column.tokens() + (column.tokens() == 1 ? " token" : " tokens") + speed;
    }
}
