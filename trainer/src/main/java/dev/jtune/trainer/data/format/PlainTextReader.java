package dev.jtune.trainer.data.format;

import dev.jtune.trainer.data.DatasetError;
import dev.jtune.trainer.data.Example;
import dev.jtune.trainer.data.SourceLocation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** A .txt file for continued pretraining, cut into examples by line or by paragraph ({@link TextUnit}). */
final class PlainTextReader extends RecordIterator {

    private final BufferedReader in;
    private final Path file;
    private final TextUnit unit;
    private long line;

    PlainTextReader(InputStream in, Path file, TextUnit unit) throws IOException {
        this.in = Utf8.reader(in);
        this.file = file;
        this.unit = unit;
    }

    @Override
    protected ParsedRecord readNext() throws IOException {
        String text;
        do {
            text = in.readLine();
            line++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        long start = line;
        StringBuilder sb = new StringBuilder(text);
        if (unit == TextUnit.PARAGRAPH) {
            String next;
            while ((next = in.readLine()) != null) {
                line++;
                if (next.isBlank()) {
                    break;
                }
                sb.append('\n').append(next);
            }
        }
        SourceLocation at = new SourceLocation(file, start);
        String example = sb.toString();
        if (Utf8.isInvalid(example)) {
            return ParsedRecord.bad(new DatasetError(at, Utf8.invalidMessage(example)));
        }
        return ParsedRecord.ok(Example.text(at, example));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
