package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.example.DatasetException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Opens a dataset file as a stream of records, detecting its layout from the extension (and the first
 * character for JSON) and its schema from the field names of the first records.
 */
public final class DatasetReader {

    /** Records sniffed to detect a schema; enough to get past a few bad lines at the top. */
    private static final int PROBE_RECORDS = 20;

    /** How far into a JSON Lines line detection reads; the field names come first in practice. */
    private static final int PROBE_LINE_CHARS = 1 << 16;

    /** What a file holds. */
    public record Detected(DatasetFormat format, FileLayout layout) {
    }

    private DatasetReader() {
    }

    /**
     * Layout and schema of {@code file}; {@code named} (may be null) overrides the detected schema.
     *
     * @throws DatasetException when the file is missing or its format cannot be told
     */
    public static Detected detect(Path file, DatasetFormat named) {
        InputFile.requireRegularFile(file);
        InputFile.requireUtf8(file);
        String ext = extension(file);
        FileLayout layout = switch (ext) {
            case "csv" -> FileLayout.CSV;
            case "tsv" -> FileLayout.TSV;
            case "txt", "text", "md" -> named == null || named == DatasetFormat.TEXT ? FileLayout.PLAIN_TEXT : null;
            default -> null;
        };
        if (named == DatasetFormat.CSV && layout != FileLayout.TSV) {
            layout = FileLayout.CSV;
        }
        if (layout == null) {
            layout = jsonLayout(file, ext);
        }
        boolean tabular = layout == FileLayout.CSV || layout == FileLayout.TSV;
        if (tabular || layout == FileLayout.PLAIN_TEXT) {
            DatasetFormat f = tabular ? DatasetFormat.CSV : DatasetFormat.TEXT;
            if (named != null && named != f) {
                throw new DatasetException("--format " + named.cliName() + " reads JSON records, but "
                        + file.getFileName() + " is a " + (tabular ? "CSV" : "plain text") + " file. Leave --format"
                        + " out (auto) or convert the file to JSON Lines.");
            }
            return new Detected(f, layout);
        }
        return new Detected(named != null ? named : schema(file, layout), layout);
    }

    /** Opens the file for streaming; close the iterator when done. */
    public static RecordIterator open(Path file, ReadOptions options) {
        Detected d = detect(file, options.format());
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            try {
                return open(in, file, d, options);
            } catch (RuntimeException | IOException e) {
                in.close();
                throw e;
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static RecordIterator open(InputStream in, Path file, Detected d, ReadOptions options) throws IOException {
        return switch (d.layout()) {
            case CSV -> new CsvRowReader(in, file, ',', options.columns(), options.systemPrompt());
            case TSV -> new CsvRowReader(in, file, '\t', options.columns(), options.systemPrompt());
            case PLAIN_TEXT -> new PlainTextReader(in, file, options.textUnit());
            case JSON_LINES -> new JsonLinesReader(in, file, RecordMapper.forFormat(d.format(), options.systemPrompt(),
                    options.columns()));
            case JSON_ARRAY -> new JsonArrayReader(in, file, RecordMapper.forFormat(d.format(), options.systemPrompt(),
                    options.columns()));
        };
    }

    private static FileLayout jsonLayout(Path file, String ext) {
        int first = firstCharacter(InputFile.head(file));
        if (first == '[') {
            return FileLayout.JSON_ARRAY;
        }
        if (first == '{' || ext.equals("jsonl") || ext.equals("ndjson") || ext.equals("json")) {
            return FileLayout.JSON_LINES;
        }
        throw new DatasetException("Cannot tell the format of " + file.getFileName() + " from its name: use a .jsonl,"
                + " .json, .csv, .tsv or .txt file, or name the format with --format " + DatasetFormat.choices() + ".");
    }

    /** The schema whose fields the first well-formed records carry. */
    private static DatasetFormat schema(Path file, FileLayout layout) {
        List<Set<String>> probe = probe(file, layout);
        for (Set<String> record : probe) {
            DatasetFormat f = schemaOf(record);
            if (f != null) {
                return f;
            }
        }
        List<String> fields = probe.isEmpty() ? List.of() : List.copyOf(probe.get(0));
        if (layout == FileLayout.JSON_LINES && firstLine(InputFile.head(file)).equals("{")) {
            throw new DatasetException(file.getFileName() + " looks like one pretty-printed JSON object. Write the records"
                    + " as a JSON array ([{...}, {...}]) or as JSON Lines (one object per line).");
        }
        throw new DatasetException("Cannot tell the format of " + file.getFileName() + ": "
                + (probe.isEmpty() ? "no readable JSON object in its first lines" : "its first record has fields "
                + fields) + ". Expected \"messages\" (OpenAI), \"conversations\" (ShareGPT), \"instruction\"+\"output\""
                + " (Alpaca), \"prompt\"+\"response\", \"prompt\"+\"chosen\"+\"rejected\" (preference pairs), or"
                + " \"text\"; or name the format with --format "
                + DatasetFormat.choices() + ".");
    }

    static DatasetFormat schemaOf(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        Set<String> fields = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(fields::add);
        return schemaOf(fields);
    }

    static DatasetFormat schemaOf(Set<String> fields) {
        // before prompt/response: a preference record has a prompt too (and one missing "rejected" must be told so)
        if (fields.contains("chosen") || fields.contains("rejected")) {
            return DatasetFormat.PREFERENCE;
        }
        if (fields.contains("messages")) {
            return DatasetFormat.MESSAGES;
        }
        if (fields.contains("conversations")) {
            return DatasetFormat.SHAREGPT;
        }
        if (fields.contains("instruction") && fields.contains("output")) {
            return DatasetFormat.ALPACA;
        }
        if (fields.contains("prompt") && (fields.contains("response") || fields.contains("completion"))) {
            return DatasetFormat.PROMPT_RESPONSE;
        }
        if (fields.contains("text")) {
            return DatasetFormat.TEXT;
        }
        return null;
    }

    /**
     * The top-level field names of the first records. Values are skipped, not built, and a JSON Lines line is read
     * at most {@link #PROBE_LINE_CHARS} characters far: a giant first record costs no more memory than a small one.
     */
    private static List<Set<String>> probe(Path file, FileLayout layout) {
        List<Set<String>> records = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            if (layout == FileLayout.JSON_LINES) {
                NumberedLines lines = new NumberedLines(in, PROBE_LINE_CHARS);
                String line;
                while (records.size() < PROBE_RECORDS && (line = lines.nextNonBlank()) != null) {
                    try (JsonParser p = Json.MAPPER.getFactory().createParser(line)) {
                        Set<String> fields = fields(p);
                        if (fields != null) {
                            records.add(fields);
                        }
                    }
                }
            } else {
                try (JsonParser p = Json.ELEMENTS.getFactory().createParser(Utf8.reader(in))) {
                    if (p.nextToken() == JsonToken.START_ARRAY) {
                        Set<String> fields;
                        while (records.size() < PROBE_RECORDS && (fields = fields(p)) != null) {
                            records.add(fields);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a broken array is reported with its line when the file is read
                }
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return records;
    }

    /**
     * Field names of the object the parser is at (or starts next), skipping their values; those read before a
     * syntax error or the end of a cut line count (detection looks past bad lines). Null when no object starts.
     */
    private static Set<String> fields(JsonParser p) {
        Set<String> names = new LinkedHashSet<>();
        try {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                if (t != null && t != JsonToken.END_ARRAY) {
                    p.skipChildren();
                    return Set.of();
                }
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            // a bad or cut record: the names seen so far
        }
        return names;
    }

    /** The first non-blank line within the first few KB, trimmed ("" when there is none). */
    private static String firstLine(byte[] head) {
        for (String line : sniffText(head).split("\\R", -1)) {
            if (!line.isBlank()) {
                return line.trim();
            }
        }
        return "";
    }

    /** The first non-whitespace character within the first few KB, or -1. */
    private static int firstCharacter(byte[] head) {
        String text = sniffText(head);
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return -1;
    }

    private static String sniffText(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String extension(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1);
    }
}
