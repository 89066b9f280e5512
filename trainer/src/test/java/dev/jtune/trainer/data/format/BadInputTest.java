package dev.jtune.trainer.data.format;

import dev.jtune.trainer.data.DatasetLoader;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.LoadReport;
import dev.jtune.trainer.data.example.DatasetException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.jtune.trainer.data.TestFiles.chat;
import static dev.jtune.trainer.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file that is not what a dataset should be is named precisely: its encoding, its kind, its line. */
class BadInputTest {

    @TempDir
    Path dir;

    private final DatasetLoader loader = new DatasetLoader();

    private String refusal(Path file) {
        return assertThrows(DatasetException.class, () -> loader.load(file, DatasetOptions.DEFAULT)).getMessage();
    }

    @Test
    void utf16And32AreNamedFromTheirByteOrderMarkOrNulBytes() throws IOException {
        String text = chat("hi", "yo") + "\n";
        record Case(String charset, boolean bom, String named) {
        }
        for (Case c : List.of(new Case("UTF-16LE", true, "UTF-16LE (with a byte-order mark)"),
                new Case("UTF-16BE", true, "UTF-16BE (with a byte-order mark)"),
                new Case("UTF-16LE", false, "UTF-16LE"), new Case("UTF-16BE", false, "UTF-16BE"),
                new Case("UTF-32LE", false, "UTF-32LE"), new Case("UTF-32BE", true, "UTF-32BE (with a byte-order mark)"))) {
            Path file = dir.resolve(c.charset() + (c.bom() ? "-bom" : "") + ".jsonl");
            Files.write(file, ((c.bom() ? "\uFEFF" : "") + text).getBytes(Charset.forName(c.charset())));
            String message = refusal(file);
            assertTrue(message.contains("is " + c.named() + " text") && message.contains("save it as UTF-8"),
                    c + ": " + message);
        }
    }

    @Test
    void aFolderAFifoAndASymlinkLoopAreEachNamed() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("data.jsonl"));
        assertTrue(refusal(folder).contains("is a folder"), refusal(folder));

        Path fifo = dir.resolve("pipe.jsonl");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        String fifoMessage;
        try {
            // reading a FIFO without a writer blocks: the refusal must come before any read
            fifoMessage = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refusal(fifo));
        } catch (AssertionFailedError timedOut) {
            Files.writeString(fifo, "");  // the blocked reader now has a writer that ends at once: it gets EOF
            throw timedOut;
        }
        assertTrue(fifoMessage.contains("named pipe (FIFO)"), fifoMessage);

        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        String loop = refusal(a);
        assertTrue(loop.contains("loop of links"), loop);

        Path dangling = Files.createSymbolicLink(dir.resolve("gone.jsonl"), dir.resolve("nowhere.jsonl"));
        assertTrue(refusal(dangling).contains("which does not exist"), refusal(dangling));
    }

    @Test
    void duplicateKeysAreRefusedWithTheirLine() {
        Path file = write(dir, "dup.jsonl", chat("a", "b"),
                "{\"messages\":[{\"role\":\"user\",\"role\":\"assistant\",\"content\":\"x\"},"
                        + "{\"role\":\"assistant\",\"content\":\"y\"}]}", chat("c", "d"));
        LoadReport report = loader.validate(file, ReadOptions.DEFAULT);
        assertEquals(2, report.validRecords());
        assertEquals(1, report.errors().size());
        assertEquals(2, report.errors().get(0).location().line());
        assertTrue(report.errors().get(0).reason().contains("\"role\" appears twice"), report.errors().get(0).reason());
    }

    /**
     * A one-line file far larger than the heap of a small JVM is answered without reading the line into memory:
     * run in a child JVM with -Xmx48m on a sparse 256 MB line.
     */
    @Test
    void aHugeLineIsReportedWithoutTakingTheHeap() throws Exception {
        Path file = dir.resolve("huge.jsonl");
        byte[] start = ("{\"text\": \"" + "a".repeat(8192)).getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(start);
            f.setLength(256L << 20);  // sparse: the rest reads as NUL bytes, costing no disk
            f.seek(f.length());
            f.write("\"}\n{\"text\": \"hello\"}\n".getBytes(StandardCharsets.US_ASCII));
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                HugeLineProbe.class.getName(), file.toString()).redirectErrorStream(true).start();
        boolean ended = p.waitFor(50, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, "reading took longer than 50 s: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("valid=1 errors=1"), out);
        assertTrue(out.contains("line 1: the line is longer than"), out);
    }

    /** The child JVM of {@link #aHugeLineIsReportedWithoutTakingTheHeap}. */
    static final class HugeLineProbe {
        public static void main(String[] args) {
            LoadReport report = new DatasetLoader().validate(Path.of(args[0]), ReadOptions.DEFAULT);
            System.out.println("valid=" + report.validRecords() + " errors=" + report.errors().size());
            report.errors().forEach(e -> System.out.println("line " + e.location().line() + ": " + e.reason()));
        }
    }
}
