package dev.jtune.trainer.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.Example;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.text.ChatMessage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The datasets a workspace keeps as {@code datasets/NAME.jsonl}: a job names its data, and the name must still
 * mean the same examples after a kernel restart (to resume it, or to copy it), when the session's
 * {@link DatasetCatalog} is gone. Every example is written (the validation split is not: a job splits by its own
 * {@code val-ratio} and seed, which gives the same split from the same file).
 */
public final class DatasetStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public DatasetStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Where dataset {@code name} is (or would be) kept. */
    public Path file(String name) {
        return dir.resolve(DatasetCatalog.checkName(name) + ".jsonl");
    }

    public Optional<Path> find(String name) {
        try {
            Path f = file(name);
            return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
        } catch (IllegalArgumentException notAName) {
            return Optional.empty();
        }
    }

    /** Writes every example of the entry (conversations as OpenAI messages, texts as {@code text}), atomically. */
    public Path save(CatalogEntry entry) throws IOException {
        Files.createDirectories(dir);
        Path target = file(entry.name());
        AtomicFiles.write(target, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (Example e : entry.dataset().examples()) {
                w.write(JSON.writeValueAsString(toJson(e)));
                w.write('\n');
            }
            w.flush();
        });
        return target;
    }

    private static ObjectNode toJson(Example e) {
        ObjectNode o = JSON.createObjectNode();
        if (e.isText()) {
            o.put("text", e.text());
            return o;
        }
        ArrayNode messages = o.putArray("messages");
        for (ChatMessage m : e.messages()) {
            ObjectNode n = messages.addObject();
            n.put("role", m.role());
            n.put("content", m.content());
            if (m.lossWeight() != null) {
                n.put("loss_weight", m.lossWeight());
            }
        }
        return o;
    }
}
