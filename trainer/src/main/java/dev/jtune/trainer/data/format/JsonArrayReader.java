package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.example.DatasetError;
import dev.jtune.trainer.data.example.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A JSON array of records, read element by element with Jackson's streaming parser so the array is never
 * held whole. A syntax error inside the array is fatal: the parser cannot find the next element after it.
 */
final class JsonArrayReader extends RecordIterator {

    private final JsonParser parser;
    private final Path file;
    private final RecordMapper mapper;
    private boolean started;

    JsonArrayReader(InputStream in, Path file, RecordMapper mapper) throws IOException {
        this.parser = Json.ELEMENTS.getFactory().createParser(Utf8.reader(in));
        this.file = file;
        this.mapper = mapper;
    }

    @Override
    protected ParsedRecord readNext() throws IOException {
        long line = 1;
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    finish();
                    return fatal(line(parser.currentTokenLocation()),
                            "a .json dataset must be a JSON array of records (or use JSON Lines, one object per line)");
                }
            }
            JsonToken t = parser.nextToken();
            line = line(parser.currentTokenLocation());
            if (t == JsonToken.END_ARRAY || t == null) {
                return null;
            }
            JsonNode node = Json.ELEMENTS.readTree(parser);
            SourceLocation at = new SourceLocation(file, line);
            if (!node.isObject()) {
                return ParsedRecord.bad(new DatasetError(at, "expected a JSON object, found " + JsonFields.kind(node)));
            }
            String raw = node.toString();
            if (Utf8.isInvalid(raw)) {
                return ParsedRecord.bad(new DatasetError(at, Utf8.invalidMessage(raw)));
            }
            try {
                return ParsedRecord.ok(mapper.map(node, at));
            } catch (InvalidRecordException e) {
                return ParsedRecord.bad(new DatasetError(at, e.getMessage()));
            }
        } catch (JsonProcessingException e) {
            finish();
            long where = e.getLocation() == null ? line : line(e.getLocation());
            return fatal(where, Json.reason(e) + " (the rest of the JSON array cannot be read; fix this first)");
        }
    }

    private ParsedRecord fatal(long line, String reason) {
        return ParsedRecord.bad(new DatasetError(new SourceLocation(file, line), reason, true));
    }

    private static long line(JsonLocation location) {
        return Math.max(1, location.getLineNr());
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
