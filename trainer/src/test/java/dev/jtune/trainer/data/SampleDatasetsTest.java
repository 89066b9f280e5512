package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.testing.TestData;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.jtune.trainer.data.format.DatasetFormat;
import dev.jtune.trainer.data.stats.DatasetStats;
import dev.jtune.trainer.data.stats.StatsAccumulator;
import dev.jtune.trainer.text.ChatMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared sample datasets load cleanly; expected counts come from independent counting of the files. */
class SampleDatasetsTest {

    private final DatasetLoader loader = new DatasetLoader();
    private final Path datasets = TestData.datasets();

    private long nonBlankLines(Path f) throws IOException {
        try (var lines = Files.lines(f)) {
            return lines.filter(l -> !l.isBlank()).count();
        }
    }

    private long occurrences(Path f, String s) throws IOException {
        Matcher m = Pattern.compile(Pattern.quote(s)).matcher(Files.readString(f));
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void intentsTrainAndTest() throws IOException {
        for (String name : new String[] {"intents-train.jsonl", "intents-test.jsonl"}) {
            Path f = datasets.resolve(name);
            Dataset d = loader.load(f, DatasetOptions.DEFAULT);
            assertEquals(DatasetFormat.MESSAGES, d.report().format());
            assertEquals(0, d.report().badRecords(), () -> d.report().errorSummary(10));
            assertEquals(nonBlankLines(f), d.size(), name);
            long weighted = d.examples().stream().flatMap(e -> e.messages().stream())
                    .filter(m -> m.lossWeight() != null).count();
            assertEquals(occurrences(f, "\"loss_weight\""), weighted, name + ": every loss_weight is read");
            assertTrue(d.examples().stream().allMatch(e -> e.messages().get(e.messages().size() - 1).isAssistant()));
        }
    }

    @Test
    void faqCsv() throws IOException {
        Path f = datasets.resolve("faq.csv");
        long rows;
        try (MappingIterator<String[]> it = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(String[].class).with(CsvSchema.emptySchema()).readValues(f.toFile())) {
            rows = it.readAll().size() - 1;
        }
        Dataset d = loader.load(f, DatasetOptions.DEFAULT);
        assertEquals(DatasetFormat.CSV, d.report().format());
        assertEquals(rows, d.size());
        assertEquals("user", d.examples().get(0).messages().get(0).role());
    }

    @Test
    void corpusTextOneExamplePerLine() throws IOException {
        Path f = datasets.resolve("corpus.txt");
        Dataset d = loader.load(f, DatasetOptions.DEFAULT);
        assertEquals(DatasetFormat.TEXT, d.report().format());
        assertEquals(nonBlankLines(f), d.size());
        assertTrue(d.examples().stream().allMatch(Example::isText));
    }

    @Test
    void catalogLoadsSplitsAndStats() {
        DatasetCatalog catalog = new DatasetCatalog();
        CatalogEntry e = catalog.load(datasets.resolve("intents-train.jsonl"), null, DatasetOptions.DEFAULT, 0.1);
        assertEquals("intents-train", e.name());
        assertEquals(Math.round(e.dataset().size() * 0.1), e.validation().size());
        assertEquals(e.dataset().size(), e.train().size() + e.validation().size());
        assertEquals("intents-train.jsonl (messages)", e.origin());
        DatasetStats s = StatsAccumulator.of(e.train(), new ByteEncoder(), 512);
        assertEquals(e.train().size(), s.examples());
        assertTrue(s.trainedTokens() > 0 && s.trainedTokens() < s.totalTokens());
        CatalogEntry faq = catalog.load(datasets.resolve("faq.csv"), "faq", DatasetOptions.DEFAULT, 0);
        CatalogEntry mix = catalog.mix("both", java.util.List.of(MixPart.parse("intents-train:0.5"), MixPart.parse("faq:2")), 1);
        assertEquals(Math.round(e.train().size() * 0.5) + 2L * faq.train().size(), mix.train().size());
        assertEquals(ChatMessage.class, mix.train().get(0).messages().get(0).getClass());
    }
}
