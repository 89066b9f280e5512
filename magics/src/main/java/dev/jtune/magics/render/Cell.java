package dev.jtune.magics.render;

/**
 * One table cell: the text shown (escaped when rendered), its alignment, an optional emphasis, and optional
 * markup made by this package (a status badge) that HTML shows instead of the text. Numbers align right, like
 * a spreadsheet, so columns of losses can be compared by eye.
 */
public record Cell(String text, boolean numeric, boolean bold, String trustedHtml) {
    public static Cell text(Object value) {
        return new Cell(value == null ? "" : String.valueOf(value), false, false, null);
    }

    public static Cell number(String formatted) {
        return new Cell(formatted, true, false, null);
    }

    /** A cell whose HTML is built here from escaped parts; text/plain still shows {@code text}. */
    static Cell markup(String text, String trustedHtml) {
        return new Cell(text, false, false, trustedHtml);
    }

    public Cell strong() {
        return new Cell(text, numeric, true, trustedHtml);
    }
}
