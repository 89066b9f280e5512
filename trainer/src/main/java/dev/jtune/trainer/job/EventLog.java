package dev.jtune.trainer.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code events.jsonl}. Each event is appended as one line in one write, so a crash can at worst leave a torn
 * last line, which reading skips. Rewrites (dropping events after a resumed checkpoint) are atomic.
 */
public final class EventLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public EventLog(Path file) {
        this.file = file;
    }

    public synchronized void append(JobEvent event) throws IOException {
        byte[] line = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    public synchronized List<JobEvent> read() {
        List<JobEvent> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return events;
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(JSON.readValue(line, JobEvent.class));
            } catch (JsonProcessingException e) {
                // a line torn by a crash mid-write: the rest of the log is still good
            }
        }
        return events;
    }

    /** Replaces the whole log (a job whose events are translated from another trainer's log), atomically. */
    public synchronized void replace(List<JobEvent> events) throws IOException {
        StringBuilder text = new StringBuilder();
        for (JobEvent e : events) {
            text.append(JSON.writeValueAsString(e)).append('\n');
        }
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).contentEquals(text)) {
            return;
        }
        AtomicFiles.writeString(file, text.toString());
    }

    /** Keeps the events up to {@code step}: a resumed job re-runs the steps after its checkpoint. */
    public synchronized void truncateAfter(long step) throws IOException {
        StringBuilder kept = new StringBuilder();
        for (JobEvent e : read()) {
            if (e.step() <= step) {
                kept.append(JSON.writeValueAsString(e)).append('\n');
            }
        }
        AtomicFiles.writeString(file, kept.toString());
    }
}
