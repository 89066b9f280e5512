package dev.jtune.trainer.data.format;

import dev.jtune.trainer.data.example.DatasetError;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** A .txt file for continued pretraining, cut into examples by line or by paragraph ({@link TextUnit}). */
final class PlainTextReader extends RecordIterator {

    private final NumberedLines lines;
    private final Path file;
    private final TextUnit unit;

    PlainTextReader(InputStream in, Path file, TextUnit unit) throws IOException {
        this.lines = new NumberedLines(in);
        this.file = file;
        this.unit = unit;
    }

    @Override
    protected ParsedRecord readNext() throws IOException {
        String text = lines.nextNonBlank();
        if (text == null) {
            return null;
        }
        long start = lines.number();
        boolean cut = lines.lastWasCut();
        StringBuilder sb = new StringBuilder(text);
        if (unit == TextUnit.PARAGRAPH) {
            String next;
            while ((next = lines.next()) != null && (!next.isBlank() || lines.lastWasCut())) {
                cut |= lines.lastWasCut() || sb.length() + next.length() > lines.maxChars();
                if (!cut) {
                    sb.append('\n').append(next);
                }
            }
        }
        SourceLocation at = new SourceLocation(file, start);
        if (cut) {
            return ParsedRecord.bad(new DatasetError(at, JsonLinesReader.tooLong(lines.maxChars())));
        }
        String example = sb.toString();
        if (Utf8.isInvalid(example)) {
            return ParsedRecord.bad(new DatasetError(at, Utf8.invalidMessage(example)));
        }
        return ParsedRecord.ok(Example.text(at, example));
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
