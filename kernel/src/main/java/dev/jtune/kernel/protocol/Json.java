package dev.jtune.kernel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The one JSON mapper of the kernel. NaN/Infinity are written as strings so every message stays valid JSON. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(Object node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The longest string the reader accepts (a cell's code is one string): Jackson's default limit. */
    public static final int MAX_STRING_CHARS = StreamReadConstraints.defaults().getMaxStringLength();

    /** Why {@link #parseObject} refused content of {@code size} bytes, in a sentence for the notebook. */
    public static String whyUnreadable(IllegalArgumentException failure, int size) {
        if (failure.getCause() instanceof StreamConstraintsException) {
            return String.format(java.util.Locale.ROOT, "The request is too large for the kernel to read "
                    + "(%,d bytes): a cell may hold at most %,d characters of text. Read large data from a file "
                    + "in the cell instead of pasting it.", size, MAX_STRING_CHARS);
        }
        return "The kernel could not read the request's content: " + failure.getMessage();
    }

    public static ObjectNode parseObject(byte[] bytes) {
        try {
            var node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return object();
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("expected a JSON object, got: " + new String(bytes, StandardCharsets.UTF_8));
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }
}
