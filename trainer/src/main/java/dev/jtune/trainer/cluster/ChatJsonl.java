package dev.jtune.trainer.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.runtime.DatasetStore;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Conversations as OpenAI-style {@code messages} JSONL, the format both engines read (one writer: the store's). */
final class ChatJsonl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatJsonl() {
    }

    static void write(Path file, List<Example> examples, String engine) throws IOException {
        for (Example e : examples) {
            if (e.isText()) {
                throw new IllegalArgumentException("--engine " + engine + " trains on conversations, but the data "
                        + "holds plain texts: use --engine jtune, or load conversations (messages JSONL, "
                        + "question/answer CSV)");
            }
        }
        AtomicFiles.write(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (Example e : examples) {
                w.write(JSON.writeValueAsString(DatasetStore.toJson(e)));
                w.write('\n');
            }
            w.flush();
        });
    }
}
