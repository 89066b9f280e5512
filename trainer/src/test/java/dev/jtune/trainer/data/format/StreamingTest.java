package dev.jtune.trainer.data.format;

import dev.jtune.trainer.data.ByteEncoder;
import dev.jtune.trainer.data.Dataset;
import dev.jtune.trainer.data.DatasetLoader;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.LoadReport;
import dev.jtune.trainer.data.stats.StatsAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Large files are read record by record: counting, validating, sampling and stats never load the whole file. */
class StreamingTest {

    static final int RECORDS = 200_000;

    @TempDir
    static Path dir;

    static Path big;

    @BeforeAll
    static void writeBigFile() throws IOException {
        big = dir.resolve("big.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(big)) {
            for (int i = 0; i < RECORDS; i++) {
                w.write("{\"messages\":[{\"role\":\"user\",\"content\":\"question number " + i
                        + " with some padding text to make the line longer\"},{\"role\":\"assistant\",\"content\":\"answer "
                        + i + "\"}]}\n");
            }
        }
    }

    @Test
    void readerPullsOnlyWhatItHasReturned() throws IOException {
        long size = Files.size(big);
        try (CountingStream in = new CountingStream(Files.newInputStream(big));
             RecordIterator records = DatasetReader.open(in, big,
                     new DatasetReader.Detected(DatasetFormat.MESSAGES, FileLayout.JSON_LINES), ReadOptions.DEFAULT)) {
            for (int i = 0; i < 10; i++) {
                assertTrue(records.next().isOk());
            }
            assertTrue(in.read < 1 << 20 && in.read < size / 10,
                    "10 records should need about one buffer, but " + in.read + " of " + size + " bytes were read");
        }
    }

    @Test
    void validateCountsEveryRecordAndMaxSamplesKeepsOnlyTheSample() {
        DatasetLoader loader = new DatasetLoader();
        LoadReport r = loader.validate(big, ReadOptions.DEFAULT);
        assertEquals(RECORDS, r.validRecords());
        assertEquals(0, r.badRecords());
        Dataset sample = loader.load(big, DatasetOptions.DEFAULT.withMaxSamples(25));
        assertEquals(25, sample.size());
        assertEquals(RECORDS, sample.report().validRecords());
        StatsAccumulator stats = new StatsAccumulator(new ByteEncoder(), 64);
        loader.forEach(big, DatasetOptions.DEFAULT, stats);
        assertEquals(RECORDS, stats.stats().examples());
    }

    private static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read += Math.max(0, n);
            return n;
        }
    }
}
