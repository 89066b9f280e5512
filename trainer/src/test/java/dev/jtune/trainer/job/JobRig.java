package dev.jtune.trainer.job;

import dev.jtune.trainer.hub.HubClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A workspace with a fake engine, fake data and a fake tiny model. */
final class JobRig {

    final Workspace workspace;
    final FakeFineTuner.Knobs knobs = new FakeFineTuner.Knobs();
    final ModelResolver resolver;
    final JobManager manager;
    volatile FakeFineTuner lastTuner;

    JobRig(Path root) throws IOException {
        workspace = Workspace.open(root);
        resolver = new ModelResolver(workspace, JobRig::tinyFolder,
                new HubClient("http://127.0.0.1:9", null, root.resolve("cache/hub")));
        manager = new JobManager(workspace, resolver, (base, config) -> {
            lastTuner = new FakeFineTuner(knobs, config.seed());
            return lastTuner;
        }, (config, model) -> new FakeData(5, config.seed()));
    }

    static Path tinyFolder(Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        Files.writeString(cacheDir.resolve("config.json"), "{\"model_type\": \"llama\"}");
        Files.writeString(cacheDir.resolve("tokenizer.json"), "{}");
        Files.writeString(cacheDir.resolve("chat_template.jinja"), "{{ messages }}");
        return cacheDir;
    }

    static JobConfig config(String name, String... keyValues) {
        Map<String, String> flags = new HashMap<>(Map.of("base", "tiny", "data", "fake", "name", name,
                "log-steps", "1", "lr", "0.05", "warmup-steps", "2", "max-steps", "12", "save-steps", "5",
                "grad-accum", "2"));
        for (int i = 0; i < keyValues.length; i += 2) {
            flags.put(keyValues[i], keyValues[i + 1]);
        }
        return JobConfig.fromFlags(flags);
    }
}
