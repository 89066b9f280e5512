package dev.jtune.trainer.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.job.ModelResolver;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.io.AtomicFolders;
import dev.jtune.trainer.job.Checkpoint;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.TrainerState;
import dev.jtune.trainer.job.Workspace;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Publishes a job checkpoint into the workspace's model registry ({@code models/NAME/}) as a HuggingFace model
 * folder (LoRA merged into the base: weights, config, tokenizer, chat template, generation config, README card),
 * or as the PEFT adapter alone. The folder is built under a temp name and renamed into place, so a published
 * model is either complete or absent; an existing model is replaced only when asked.
 */
public final class Publisher {

    /** Files of a model folder besides weights that a published model carries over from the base. */
    static final List<String> BASE_FILES = List.of("config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja", "chat_template.json",
            "tokenizer.model", "vocab.json", "merges.txt", "added_tokens.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workspace workspace;
    private final ModelResolver resolver;
    private final ModelMerger merger;

    public Publisher(Workspace workspace, ModelResolver resolver, ModelMerger merger) {
        this.workspace = workspace;
        this.resolver = resolver;
        this.merger = merger;
    }

    public PublishedModel publish(PublishRequest request) throws IOException {
        Job job = workspace.job(request.job());
        String name = request.name() == null ? PublishRequest.defaultName(job.name()) : request.name();
        workspace.checkModelNameFree(name);
        Path target = workspace.modelDir(name);
        if (Files.exists(target) && !request.overwrite()) {
            throw new IllegalArgumentException("a model named '" + name + "' is published already (" + target
                    + "): choose another --name, or replace it with --overwrite");
        }
        Checkpoint checkpoint = job.checkpoint(request.checkpoint());
        JobConfig config = job.config();
        if (request.adapterOnly() && !config.usesLora()) {
            throw new IllegalArgumentException("job " + job.name() + " updated all weights (--method full), so it has "
                    + "no adapter: publish it without --adapter-only");
        }
        TrainerState state = TrainerState.read(checkpoint.path());
        ResolvedModel base = resolver.resolve(config.base());
        Path temp = workspace.modelsDir().resolve("." + name + "." + UUID.randomUUID() + ".tmp");
        AtomicFolders.build(temp, dir -> {
            if (request.adapterOnly()) {
                writeAdapter(checkpoint.path(), dir, config.base());
            } else {
                merger.writeMerged(base.baseFolder(), checkpoint.path(), dir);
            }
            for (String f : BASE_FILES) {
                if (request.adapterOnly() && (f.equals("config.json") || f.equals("generation_config.json"))) {
                    continue;  // a PEFT adapter folder has no model config; loaders take it from the base
                }
                Path src = base.baseFolder().resolve(f);
                if (Files.isRegularFile(src) && !Files.exists(dir.resolve(f))) {
                    Files.copy(src, dir.resolve(f));
                }
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("base", config.base());
            info.put("job", job.name());
            info.put("step", checkpoint.step());
            info.put("adapter_only", request.adapterOnly());
            info.put("published", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            AtomicFiles.write(dir.resolve(ModelResolver.PUBLISHED_INFO),
                    out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, info));
            AtomicFiles.writeString(dir.resolve("README.md"),
                    ModelCard.render(name, job.name(), config, state, request.adapterOnly()));
        }, built -> moveIntoPlace(built, target, request.overwrite(), name));
        List<String> files;
        try (Stream<Path> s = Files.list(target)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        return new PublishedModel(name, target, job.name(), checkpoint.step(), request.adapterOnly(), config.base(),
                state.trainLoss(), state.valLoss(), files);
    }

    private static void writeAdapter(Path checkpoint, Path dir, String baseReference) throws IOException {
        Path adapterConfig = checkpoint.resolve("adapter_config.json");
        if (!Files.isRegularFile(adapterConfig) || !Files.isRegularFile(checkpoint.resolve("adapter_model.safetensors"))) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " has no PEFT adapter "
                    + "(adapter_config.json + adapter_model.safetensors): publish it merged, without --adapter-only");
        }
        ObjectNode c = (ObjectNode) JSON.readTree(adapterConfig.toFile());
        c.put("base_model_name_or_path", baseReference);
        AtomicFiles.write(dir.resolve("adapter_config.json"), out -> JSON.writerWithDefaultPrettyPrinter()
                .writeValue(out, c));
        Files.copy(checkpoint.resolve("adapter_model.safetensors"), dir.resolve("adapter_model.safetensors"));
    }

    /**
     * Renames the built folder into place. Two publishes to one name (two kernels on one workspace) race here: the
     * rename is atomic, so one wins whole and the other is told so; Linux reports the loser's rename onto the
     * winner's non-empty folder as a plain "Directory not empty", hence the check of the target, not of the type.
     */
    private void moveIntoPlace(Path temp, Path target, boolean overwrite, String name) throws IOException {
        try {
            if (Files.exists(target) && overwrite) {
                AtomicFolders.replace(temp, target,
                        workspace.modelsDir().resolve("." + name + "." + UUID.randomUUID() + ".old"));
                return;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            if (!Files.exists(target)) {
                throw e;
            }
            throw new IllegalArgumentException("a model named '" + name + "' was published by another publish "
                    + "while this one ran, and that one is kept: choose another --name, or replace it with "
                    + "--overwrite");
        }
    }
}
