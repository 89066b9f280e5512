package dev.jtune.magics.render;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A MIME bundle as Jupyter displays it: MIME type to data. Every bundle has text/plain, so a terminal client
 * reads it too; image/png data is base64 as the protocol wants.
 */
public record Bundle(Map<String, String> data) {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";

    public Bundle {
        if (!data.containsKey(TEXT)) {
            throw new IllegalArgumentException("a MIME bundle needs text/plain");
        }
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static Bundle of(String text, String html) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(TEXT, text);
        data.put(HTML, html);
        return new Bundle(data);
    }

    public static Bundle png(String text, byte[] png) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(TEXT, text);
        data.put(PNG, Base64.getEncoder().encodeToString(png));
        return new Bundle(data);
    }

    public String text() {
        return data.get(TEXT);
    }

    public String html() {
        return data.get(HTML);
    }

    /** Puts two bundles one after the other (text joined by a blank line, HTML and images stacked). */
    public Bundle then(Bundle next) {
        String text = text() + "\n\n" + next.text();
        StringBuilder html = new StringBuilder();
        html.append(htmlOf(this)).append(htmlOf(next));
        return of(text, html.toString());
    }

    private static String htmlOf(Bundle bundle) {
        if (bundle.html() != null) {
            return bundle.html();
        }
        if (bundle.data().containsKey(PNG)) {
            return "<img src=\"data:image/png;base64," + bundle.data().get(PNG) + "\" alt=\"" + Html.escape(bundle.text()) + "\"/>";
        }
        return "<pre>" + Html.escape(bundle.text()) + "</pre>";
    }
}
