package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.example.DatasetError;
import dev.jtune.trainer.data.example.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** JSON Lines: one record per line, blank lines ignored; a bad line never stops the lines after it. */
final class JsonLinesReader extends RecordIterator {

    private final NumberedLines lines;
    private final Path file;
    private final RecordMapper mapper;

    JsonLinesReader(InputStream in, Path file, RecordMapper mapper) throws IOException {
        this.lines = new NumberedLines(in);
        this.file = file;
        this.mapper = mapper;
    }

    @Override
    protected ParsedRecord readNext() throws IOException {
        String text = lines.nextNonBlank();
        if (text == null) {
            return null;
        }
        SourceLocation at = new SourceLocation(file, lines.number());
        if (lines.lastWasCut()) {
            return ParsedRecord.bad(new DatasetError(at, tooLong(lines.maxChars())));
        }
        if (Utf8.isInvalid(text)) {
            return ParsedRecord.bad(new DatasetError(at, Utf8.invalidMessage(text)));
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return ParsedRecord.bad(new DatasetError(at, Json.reason(e)));
        }
        if (!node.isObject()) {
            return ParsedRecord.bad(new DatasetError(at, "expected one JSON object per line, found "
                    + JsonFields.kind(node)));
        }
        try {
            return ParsedRecord.ok(mapper.map(node, at));
        } catch (InvalidRecordException e) {
            return ParsedRecord.bad(new DatasetError(at, e.getMessage()));
        }
    }

    /** The sentence for a line over the cap; shared with plain text files. */
    static String tooLong(int maxChars) {
        return String.format(java.util.Locale.ROOT, "the line is longer than %,d characters, so it was not read "
                + "(no example is that long once cut to --max-seq-len tokens): put one record per line", maxChars);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
