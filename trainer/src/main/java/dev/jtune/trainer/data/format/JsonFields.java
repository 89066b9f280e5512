package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads typed fields from a JSON record with reasons a user can act on. */
final class JsonFields {

    private JsonFields() {
    }

    /** A string field that must be present and non-blank. */
    static String requiredText(JsonNode node, String field) throws InvalidRecordException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidRecordException("missing field \"" + field + "\"");
        }
        return text(v, field, true);
    }

    /** A string field that may be absent or null; blank counts as absent. */
    static String optionalText(JsonNode node, String field) throws InvalidRecordException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = text(v, field, false);
        return s.isBlank() ? null : s;
    }

    static String text(JsonNode v, String field, boolean nonBlank) throws InvalidRecordException {
        if (!v.isTextual()) {
            throw new InvalidRecordException("\"" + field + "\" must be a string, found " + kind(v));
        }
        String s = v.textValue();
        if (nonBlank && s.isBlank()) {
            throw new InvalidRecordException("\"" + field + "\" is empty");
        }
        return s;
    }

    static JsonNode requiredArray(JsonNode node, String field) throws InvalidRecordException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidRecordException("missing field \"" + field + "\"");
        }
        if (!v.isArray()) {
            throw new InvalidRecordException("\"" + field + "\" must be an array, found " + kind(v));
        }
        if (v.isEmpty()) {
            throw new InvalidRecordException("\"" + field + "\" is an empty array");
        }
        return v;
    }

    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number (" + v.asText() + ")";
            case BOOLEAN -> "a boolean (" + v.asText() + ")";
            case NULL, MISSING -> "null";
            case STRING -> "a string";
            case BINARY -> "binary data";
        };
    }
}
