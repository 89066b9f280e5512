package dev.jtune.trainer.data.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.jtune.trainer.data.example.DatasetError;
import dev.jtune.trainer.data.example.DatasetException;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.text.ChatMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * CSV/TSV with a header row: each row is a question/answer conversation. Rows are read as plain string arrays
 * (not bound to the header by Jackson) so a row with the wrong number of fields is reported with its line
 * instead of stopping the file.
 */
final class CsvRowReader extends RecordIterator {

    private static final CsvMapper CSV = (CsvMapper) new CsvMapper()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES);

    private final MappingIterator<String[]> rows;
    private final Path file;
    private final String systemPrompt;
    private final int width;
    private final int question;
    private final int answer;
    private final int system;
    private final List<String> header;

    CsvRowReader(InputStream in, Path file, char separator, ColumnMapping mapping, String systemPrompt)
            throws IOException {
        this.file = file;
        this.systemPrompt = systemPrompt;
        this.rows = CSV.readerFor(String[].class)
                .with(CsvSchema.emptySchema().withColumnSeparator(separator))
                .readValues(Utf8.reader(in));
        if (!rows.hasNextValue()) {
            throw new DatasetException(name(file) + " is empty: a CSV dataset needs a header row (e.g. question,answer)"
                    + " and at least one row.");
        }
        header = Arrays.stream(rows.nextValue()).map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        width = header.size();
        ColumnMapping chosen = mapping != null ? mapping : ColumnMapping.ALIASES.stream()
                .filter(m -> header.contains(lower(m.question())) && header.contains(lower(m.answer())))
                .findFirst().orElse(ColumnMapping.DEFAULT);
        question = column(chosen.question(), chosen);
        answer = column(chosen.answer(), chosen);
        system = chosen.systemColumn() != null ? column(chosen.systemColumn(), chosen) : header.indexOf("system");
    }

    private int column(String name, ColumnMapping mapping) {
        int i = header.indexOf(lower(name));
        if (i < 0) {
            throw new DatasetException(name(file) + " has no column '" + name + "' (its columns: "
                    + String.join(", ", header) + "). Name the question and answer columns with a column mapping,"
                    + " e.g. question=" + (header.isEmpty() ? "Q" : header.get(0)) + ",answer="
                    + (header.size() > 1 ? header.get(1) : "A") + ".");
        }
        return i;
    }

    @Override
    protected ParsedRecord readNext() throws IOException {
        long line = 0;
        try {
            if (!rows.hasNextValue()) {
                return null;
            }
            String[] row = rows.nextValue();
            // Jackson's CSV location is exact only at the row's end; a quoted field may span lines before it.
            line = Math.max(1, rows.getParser().currentTokenLocation().getLineNr() - lineBreaks(row));
            return parse(row, new SourceLocation(file, line));
        } catch (JsonProcessingException e) {
            finish();
            long where = e.getLocation() != null ? e.getLocation().getLineNr() : line;
            return ParsedRecord.bad(new DatasetError(new SourceLocation(file, where),
                    "invalid CSV: " + e.getOriginalMessage() + " (check for an unclosed quote)", true));
        }
    }

    private ParsedRecord parse(String[] row, SourceLocation at) {
        if (row.length != width) {
            return bad(at, "row has " + row.length + " fields but the header has " + width
                    + " (quote fields that contain the separator)");
        }
        for (String cell : row) {
            if (Utf8.isInvalid(cell)) {
                return bad(at, Utf8.invalidMessage(String.join(",", row)));
            }
        }
        String q = row[question];
        String a = row[answer];
        if (q == null || q.isBlank()) {
            return bad(at, "empty question (column '" + header.get(question) + "')");
        }
        if (a == null || a.isBlank()) {
            return bad(at, "empty answer (column '" + header.get(answer) + "')");
        }
        String own = system >= 0 && row[system] != null && !row[system].isBlank() ? row[system] : null;
        List<ChatMessage> turns = new ArrayList<>(List.of(new ChatMessage("user", q), new ChatMessage("assistant", a)));
        return ParsedRecord.ok(Example.conversation(at, SystemPrompt.prepend(own, systemPrompt, turns)));
    }

    private static int lineBreaks(String[] row) {
        int n = 0;
        for (String cell : row) {
            for (int i = 0; cell != null && i < cell.length(); i++) {
                char c = cell.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == cell.length() || cell.charAt(i + 1) != '\n'))) {
                    n++;
                }
            }
        }
        return n;
    }

    private static ParsedRecord bad(SourceLocation at, String reason) {
        return ParsedRecord.bad(new DatasetError(at, reason));
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }

    private static String name(Path file) {
        return Objects.toString(file == null ? null : file.getFileName(), "the CSV data");
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
