package dev.jtune.trainer.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetSplit;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.ToolCall;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The datasets a workspace keeps as {@code datasets/NAME.jsonl}: a job names its data, and the name must still
 * mean the same examples after a kernel restart (to resume it, or to copy it), when the session's
 * {@link DatasetCatalog} is gone. Training examples are written first, then the held-out ones, and
 * {@code NAME.split.json} says how many of the last lines are held out: the split decided at load or mix time
 * must survive the restart exactly (a mix cannot be split again from its examples without leaking).
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

    /**
     * Writes every example of the entry (conversations as OpenAI messages, texts as {@code text}) and its split,
     * atomically.
     */
    public Path save(CatalogEntry entry) throws IOException {
        return save(entry.name(), entry.split());
    }

    /** Writes examples under {@code name} with their split (a cluster job's snapshot of its data). */
    public Path save(String name, DatasetSplit split) throws IOException {
        Files.createDirectories(dir);
        Path target = file(name);
        AtomicFiles.write(target, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (Example e : split.all()) {
                w.write(JSON.writeValueAsString(toJson(e)));
                w.write('\n');
            }
            w.flush();
        });
        ObjectNode meta = JSON.createObjectNode();
        meta.put("validation", split.validation().size());
        meta.put("ratio", split.ratio());
        meta.put("seed", split.seed());
        AtomicFiles.write(splitFile(name), out -> out.write(JSON.writeValueAsBytes(meta)));
        return target;
    }

    /**
     * The split saved with dataset {@code name}, applied to its examples as read back from {@link #file}; no split
     * for a dataset saved without one.
     */
    public DatasetSplit split(String name, List<Example> examples) throws IOException {
        Path f = splitFile(name);
        if (!Files.isRegularFile(f)) {
            return DatasetSplit.none(examples);
        }
        JsonNode meta = JSON.readTree(f.toFile());
        int held = meta.path("validation").asInt(0);
        if (held < 0 || held > examples.size()) {
            throw new IOException(f + " says " + held + " examples are held out, but " + file(name) + " has "
                    + examples.size() + ": the saved dataset was changed by hand; load it again with %dataset load.");
        }
        int cut = examples.size() - held;
        return new DatasetSplit(examples.subList(0, cut), examples.subList(cut, examples.size()),
                meta.path("ratio").asDouble(0), meta.path("seed").asLong(0));
    }

    private Path splitFile(String name) {
        return dir.resolve(DatasetCatalog.checkName(name) + ".split.json");
    }

    /** One example as a line of OpenAI-style JSONL ({@code messages}, with {@code tools}; or {@code text}). */
    public static ObjectNode toJson(Example e) {
        ObjectNode o = JSON.createObjectNode();
        if (e.isText()) {
            o.put("text", e.text());
            return o;
        }
        // Function-calling parts are written back in the OpenAI form the messages reader reads, so jobs that
        // read the saved copy train on the same calls.
        if (!e.tools().isEmpty()) {
            o.set("tools", JSON.valueToTree(e.tools()));
        }
        if (e.isPreference()) {
            // TRL's conversational preference form, which the preference reader reads back
            writeMessages(o.putArray("prompt"), e.prompt());
            writeMessages(o.putArray("chosen"), e.chosen());
            writeMessages(o.putArray("rejected"), e.rejected());
            return o;
        }
        writeMessages(o.putArray("messages"), e.messages());
        return o;
    }

    private static void writeMessages(ArrayNode messages, List<ChatMessage> turns) {
        for (ChatMessage m : turns) {
            ObjectNode n = messages.addObject();
            n.put("role", m.role());
            n.put("content", m.content());
            if (m.lossWeight() != null) {
                n.put("loss_weight", m.lossWeight());
            }
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = n.putArray("tool_calls");
                for (ToolCall call : m.toolCalls()) {
                    ObjectNode c = calls.addObject();
                    if (call.id() != null) {
                        c.put("id", call.id());
                    }
                    c.put("type", "function");
                    c.putObject("function").put("name", call.name()).set("arguments", JSON.valueToTree(call.arguments()));
                }
            }
            if (m.toolCallId() != null) {
                n.put("tool_call_id", m.toolCallId());
            }
            if (m.reasoningContent() != null) {
                n.put("reasoning_content", m.reasoningContent());
            }
        }
    }
}
