package dev.jtune.magics.render;

import java.util.List;

/** Draws a {@link Table} as HTML (for notebooks) and as aligned text (for terminals and text/plain). */
public final class TableRenderer {
    static final String TABLE_STYLE = "border-collapse:collapse;font-size:13px;margin:4px 0";
    static final String CELL_STYLE = "padding:3px 10px;border-bottom:1px solid #ddd";
    static final String MARK_STYLE = "background:#e8f5e9";

    private TableRenderer() {
    }

    public static Bundle bundle(Table table) {
        return Bundle.of(text(table), html(table));
    }

    public static String html(Table table) {
        StringBuilder out = new StringBuilder();
        out.append("<table class=\"jtune\" style=\"").append(TABLE_STYLE).append("\">");
        if (table.caption() != null) {
            out.append("<caption style=\"text-align:left;font-weight:bold;padding:2px 0\">")
                    .append(Html.escape(table.caption())).append("</caption>");
        }
        if (hasHeader(table)) {
            out.append("<thead><tr>");
            for (int c = 0; c < table.headers().size(); c++) {
                boolean numeric = !table.rows().isEmpty() && table.rows().get(0).get(c).numeric();
                out.append("<th style=\"").append(CELL_STYLE).append(";text-align:").append(numeric ? "right" : "left").append("\">")
                        .append(Html.escape(table.headers().get(c))).append("</th>");
            }
            out.append("</tr></thead>");
        }
        out.append("<tbody>");
        for (int r = 0; r < table.rows().size(); r++) {
            boolean marked = table.marked().get(r);
            out.append(marked ? "<tr style=\"" + MARK_STYLE + "\">" : "<tr>");
            for (Cell cell : table.rows().get(r)) {
                out.append("<td style=\"").append(CELL_STYLE).append(";text-align:").append(cell.numeric() ? "right" : "left")
                        .append(cell.numeric() ? ";font-variant-numeric:tabular-nums" : "")
                        .append(";white-space:pre-wrap\">");
                String text = cell.trustedHtml() != null ? cell.trustedHtml() : Html.escape(cell.text());
                out.append(cell.bold() ? "<b>" + text + "</b>" : text).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>");
        if (table.note() != null) {
            out.append("<div style=\"font-size:12px;color:#666\">").append(Html.escape(table.note()).replace("\n", "<br>")).append("</div>");
        }
        return out.toString();
    }

    public static String text(Table table) {
        int columns = table.headers().size();
        int[] width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = displayWidth(table.headers().get(c));
            for (List<Cell> row : table.rows()) {
                width[c] = Math.max(width[c], displayWidth(oneLine(row.get(c).text())));
            }
        }
        boolean anyMarked = table.marked().contains(Boolean.TRUE);
        StringBuilder out = new StringBuilder();
        if (table.caption() != null) {
            out.append(table.caption()).append('\n');
        }
        String gutter = anyMarked ? "  " : "";
        boolean first = true;
        if (hasHeader(table)) {
            out.append(gutter);
            for (int c = 0; c < columns; c++) {
                boolean numeric = !table.rows().isEmpty() && table.rows().get(0).get(c).numeric();
                out.append(pad(table.headers().get(c), width[c], numeric)).append(c + 1 < columns ? "  " : "");
            }
            out.append('\n').append(gutter);
            for (int c = 0; c < columns; c++) {
                out.append("-".repeat(width[c])).append(c + 1 < columns ? "  " : "");
            }
            first = false;
        }
        for (int r = 0; r < table.rows().size(); r++) {
            if (!first) {
                out.append('\n');
            }
            first = false;
            out.append(anyMarked ? (table.marked().get(r) ? "* " : "  ") : "");
            List<Cell> row = table.rows().get(r);
            for (int c = 0; c < columns; c++) {
                Cell cell = row.get(c);
                out.append(pad(oneLine(cell.text()), width[c], cell.numeric())).append(c + 1 < columns ? "  " : "");
            }
        }
        if (table.note() != null) {
            out.append('\n').append(table.note());
        }
        return out.toString().replaceAll(" +\n", "\n").stripTrailing();
    }

    /** Key/value tables leave their headers blank and show no header row. */
    private static boolean hasHeader(Table table) {
        return table.headers().stream().anyMatch(h -> !h.isBlank());
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - displayWidth(text)));
        return right ? padding + text : text + padding;
    }

    /** Columns a terminal uses: CJK characters (the sample data has Chinese prompts) take two. */
    static int displayWidth(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            width += isWide(cp) ? 2 : 1;
            i += Character.charCount(cp);
        }
        return width;
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
