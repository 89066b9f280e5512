package dev.jtune.kernel.display;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.protocol.Json;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One output in several representations, keyed by MIME type; the front end shows the richest it can.
 * Every bundle has {@code text/plain}. {@code image/png} is base64 text, {@code application/json} an object.
 */
public final class MimeBundle {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";
    public static final String JSON = "application/json";

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    /** A bundle whose plain-text form is {@code text}; add richer forms with {@link #with}. */
    public MimeBundle(String text) {
        data.put(TEXT, text == null ? "null" : text);
    }

    public static MimeBundle text(String text) {
        return new MimeBundle(text);
    }

    public static MimeBundle html(String html) {
        return new MimeBundle("<HTML output>").with(HTML, html);
    }

    public static MimeBundle markdown(String markdown) {
        return new MimeBundle(markdown).with(MARKDOWN, markdown);
    }

    public static MimeBundle png(byte[] pngBytes) {
        return new MimeBundle("<PNG image, " + pngBytes.length + " bytes>")
                .with(PNG, Base64.getEncoder().encodeToString(pngBytes));
    }

    public static MimeBundle svg(String svg) {
        return new MimeBundle("<SVG image>").with(SVG, svg);
    }

    /** {@code value} is turned into a JSON object with Jackson (a Map, a record, a JsonNode...). */
    public static MimeBundle json(Object value) {
        JsonNode node = Json.MAPPER.valueToTree(value);
        return new MimeBundle(node.toPrettyString()).with(JSON, node);
    }

    /** Adds (or replaces) a representation; returns this bundle for chaining. */
    public MimeBundle with(String mimeType, Object value) {
        if (JSON.equals(mimeType) && !(value instanceof JsonNode)) {
            value = Json.MAPPER.valueToTree(value);
        }
        data.put(mimeType, value);
        return this;
    }

    /** Per-MIME-type metadata, e.g. {@code withMetadata("image/png", Map.of("width", 400))}. */
    public MimeBundle withMetadata(String key, Object value) {
        metadata.put(key, value);
        return this;
    }

    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public String plainText() {
        return String.valueOf(data.get(TEXT));
    }

    public ObjectNode dataJson() {
        return Json.MAPPER.valueToTree(data);
    }

    public ObjectNode metadataJson() {
        return Json.MAPPER.valueToTree(metadata);
    }

    @Override
    public String toString() {
        return plainText();
    }
}
