package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.trainer.data.DatasetException;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Opens a dataset file as a stream of records, detecting its layout from the extension (and the first
 * character for JSON) and its schema from the field names of the first records.
 */
public final class DatasetReader {

    /** Records sniffed to detect a schema; enough to get past a few bad lines at the top. */
    private static final int PROBE_RECORDS = 20;

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
        requireReadable(file);
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
            case JSON_LINES -> new JsonLinesReader(in, file, RecordMapper.forFormat(d.format(), options.systemPrompt()));
            case JSON_ARRAY -> new JsonArrayReader(in, file, RecordMapper.forFormat(d.format(), options.systemPrompt()));
        };
    }

    private static FileLayout jsonLayout(Path file, String ext) {
        int first = firstCharacter(file);
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
        List<JsonNode> probe = probe(file, layout);
        for (JsonNode node : probe) {
            DatasetFormat f = schemaOf(node);
            if (f != null) {
                return f;
            }
        }
        List<String> fields = new ArrayList<>();
        if (!probe.isEmpty()) {
            probe.get(0).fieldNames().forEachRemaining(fields::add);
        }
        if (probe.isEmpty() && layout == FileLayout.JSON_LINES && firstLine(file).equals("{")) {
            throw new DatasetException(file.getFileName() + " looks like one pretty-printed JSON object. Write the records"
                    + " as a JSON array ([{...}, {...}]) or as JSON Lines (one object per line).");
        }
        throw new DatasetException("Cannot tell the format of " + file.getFileName() + ": "
                + (probe.isEmpty() ? "no readable JSON object in its first lines" : "its first record has fields "
                + fields) + ". Expected \"messages\" (OpenAI), \"conversations\" (ShareGPT), \"instruction\"+\"output\""
                + " (Alpaca), \"prompt\"+\"response\", or \"text\"; or name the format with --format "
                + DatasetFormat.choices() + ".");
    }

    static DatasetFormat schemaOf(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        if (node.has("messages")) {
            return DatasetFormat.MESSAGES;
        }
        if (node.has("conversations")) {
            return DatasetFormat.SHAREGPT;
        }
        if (node.has("instruction") && node.has("output")) {
            return DatasetFormat.ALPACA;
        }
        if (node.has("prompt") && (node.has("response") || node.has("completion"))) {
            return DatasetFormat.PROMPT_RESPONSE;
        }
        if (node.has("text")) {
            return DatasetFormat.TEXT;
        }
        return null;
    }

    private static List<JsonNode> probe(Path file, FileLayout layout) {
        List<JsonNode> nodes = new ArrayList<>();
        try (BufferedReader r = Utf8.reader(Files.newInputStream(file))) {
            if (layout == FileLayout.JSON_LINES) {
                String line;
                int seen = 0;
                while (seen < PROBE_RECORDS && (line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    seen++;
                    try {
                        nodes.add(Json.MAPPER.readTree(line));
                    } catch (JsonProcessingException e) {
                        // bad lines are reported when the file is read; detection looks past them
                    }
                }
            } else {
                try (JsonParser p = Json.ELEMENTS.getFactory().createParser(r)) {
                    if (p.nextToken() == JsonToken.START_ARRAY) {
                        JsonToken t;
                        while (nodes.size() < PROBE_RECORDS && (t = p.nextToken()) != null && t != JsonToken.END_ARRAY) {
                            nodes.add(Json.ELEMENTS.readTree(p));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a broken array is reported with its line when the file is read
                }
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return nodes;
    }

    private static String firstLine(Path file) {
        try (BufferedReader r = Utf8.reader(Files.newInputStream(file))) {
            String line;
            while ((line = r.readLine()) != null && line.isBlank()) {
                // skip leading blank lines
            }
            return line == null ? "" : line.trim();
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int firstCharacter(Path file) {
        try (BufferedReader r = Utf8.reader(Files.newInputStream(file))) {
            int c;
            do {
                c = r.read();
            } while (c != -1 && Character.isWhitespace(c));
            return c;
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireReadable(Path file) {
        if (!Files.exists(file)) {
            throw new DatasetException("Dataset file not found: " + file.toAbsolutePath()
                    + " (paths are relative to " + Path.of("").toAbsolutePath() + ").", new NoSuchFileException(file.toString()));
        }
        if (Files.isDirectory(file)) {
            throw new DatasetException(file + " is a folder; give the path of a .jsonl, .json, .csv or .txt file.");
        }
        if (!Files.isReadable(file)) {
            throw new DatasetException("Cannot read " + file + ": permission denied.");
        }
    }

    private static String extension(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1);
    }
}
