package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON configuration used for dataset records: strict about trailing garbage after a record. */
final class Json {

    /** For one record per string (a JSON Lines line): anything after the object is an error. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** For elements of a streamed array, where more elements follow each one. */
    static final ObjectMapper ELEMENTS = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '(.*)'");

    private Json() {
    }

    /** Jackson's reason without its source excerpt (we print our own file and line). */
    static String reason(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m != null && m.indexOf(Utf8.INVALID) >= 0) {
            return "bytes that are not valid UTF-8 outside a string; save the file as UTF-8";
        }
        java.util.regex.Matcher duplicate = m == null ? null : DUPLICATE.matcher(m);
        if (duplicate != null && duplicate.find()) {
            // JSON readers disagree on which of two equal keys wins, so a record that has both means two things
            return "the key \"" + duplicate.group(1) + "\" appears twice in one object; keep only one of them";
        }
        return "invalid JSON: " + (m == null ? e.getClass().getSimpleName() : m.replace('\n', ' '));
    }
}
