package dev.jtune.trainer.job;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON of the files a job keeps about itself ({@code status.json}, {@code trainer_state.json}): indented so a
 * person can read them, and tolerant of fields it does not know, so a job folder written by another JTune version
 * still opens.
 */
final class StateJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StateJson() {
    }
}
