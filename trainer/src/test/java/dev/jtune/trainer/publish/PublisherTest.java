package dev.jtune.trainer.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.job.ModelResolver;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobManager;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobTestSupport;
import dev.jtune.trainer.job.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublisherTest {

    @TempDir
    Path root;

    private JobTestSupport rig;
    private Publisher publisher;

    @BeforeEach
    void trainAJob() throws Exception {
        rig = new JobTestSupport(root);
        JobManager manager = rig.manager();
        assertEquals(JobState.SUCCEEDED, manager.start(JobTestSupport.config("run")).await().state());
        publisher = new Publisher(rig.workspace(), rig.resolver(), rig.merger());
    }

    @Test
    void mergedModelFolderHasWeightsTokenizerTemplateAndCard() throws Exception {
        PublishedModel m = publisher.publish(PublishRequest.of("run").withCheckpoint("last").withName("intent-bot"));
        Path dir = root.resolve("models/intent-bot");
        assertEquals(dir, m.path());
        assertEquals(12, m.step());
        assertTrue(Files.readString(dir.resolve("model.safetensors")).startsWith("merged "));
        for (String f : new String[]{"config.json", "tokenizer.json", "chat_template.jinja", "README.md"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        String card = Files.readString(dir.resolve("README.md"));
        assertTrue(card.contains("base_model: tiny"), card);
        assertTrue(card.contains("`fake`"), card);
        assertTrue(card.contains("lr: 0.05"), card);
        assertTrue(card.contains("validation loss"), card);
        ResolvedModel r = rig.resolver().resolve("intent-bot");
        assertEquals(ResolvedModel.Kind.PUBLISHED, r.kind());
        assertEquals(dir, r.baseFolder());
        assertNull(r.checkpoint());
        try (var s = Files.list(root.resolve("models"))) {
            assertEquals(1, s.count(), "no temp folder left behind");
        }
    }

    @Test
    void theMergeUsesTheChosenCheckpoint() throws Exception {
        publisher.publish(PublishRequest.of("run").withCheckpoint("5").withName("at5"));
        publisher.publish(PublishRequest.of("run").withCheckpoint("last").withName("at12"));
        double w5 = weight(root.resolve("jobs/run/checkpoint-5/fake.json"));
        double w12 = weight(root.resolve("jobs/run/checkpoint-12/fake.json"));
        assertEquals("merged " + w5, Files.readString(root.resolve("models/at5/model.safetensors")));
        assertEquals("merged " + w12, Files.readString(root.resolve("models/at12/model.safetensors")));
        assertThrows(IllegalArgumentException.class,
                () -> publisher.publish(PublishRequest.of("run").withCheckpoint("7").withName("x")));
    }

    private static double weight(Path fakeJson) throws java.io.IOException {
        return JobTestSupport.checkpointWeight(fakeJson.getParent());
    }

    @Test
    void adapterOnlyWritesThePeftAdapterAndResolvesOnItsBase() throws Exception {
        publisher.publish(PublishRequest.of("run").withName("adapter").adapterOnly(true));
        Path dir = root.resolve("models/adapter");
        assertTrue(Files.isRegularFile(dir.resolve("adapter_model.safetensors")));
        assertFalse(Files.exists(dir.resolve("model.safetensors")));
        assertEquals("tiny", new ObjectMapper().readTree(dir.resolve("adapter_config.json").toFile())
                .get("base_model_name_or_path").asText());
        ResolvedModel r = rig.resolver().resolve("adapter");
        assertEquals(dir, r.checkpoint());
        assertEquals(rig.resolver().resolve("tiny").baseFolder(), r.baseFolder());
        assertEquals(4, dev.jtune.trainer.lora.AdapterFiles.readConfig(r.checkpoint()).rank());
    }

    @Test
    void badNamesAreRefused() {
        for (String bad : new String[]{"../escape", "a/b", "..", "x..y", "/abs", "", "a:b"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> publisher.publish(PublishRequest.of("run").withName(bad)), bad);
            assertTrue(e.getMessage().startsWith("model name '" + bad + "' is not allowed"), e.getMessage());
        }
        assertFalse(Files.exists(root.resolve("escape")));
    }

    @Test
    void neverOverwritesUnlessAsked() throws Exception {
        publisher.publish(PublishRequest.of("run").withCheckpoint("5").withName("m"));
        String before = Files.readString(root.resolve("models/m/model.safetensors"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> publisher.publish(PublishRequest.of("run").withName("m")));
        assertTrue(e.getMessage().contains("published already") && e.getMessage().contains("--overwrite"),
                e.getMessage());
        assertEquals(before, Files.readString(root.resolve("models/m/model.safetensors")));
        publisher.publish(PublishRequest.of("run").withCheckpoint("last").withName("m").overwrite(true));
        assertTrue(!before.equals(Files.readString(root.resolve("models/m/model.safetensors"))));
    }

    @Test
    void overwriteLeavesTheOldModelWholeWhenPublishingFailsMidway() throws Exception {
        publisher.publish(PublishRequest.of("run").withCheckpoint("5").withName("m"));
        Path dir = root.resolve("models/m");
        String before = Files.readString(dir.resolve("model.safetensors"));
        Publisher failing = new Publisher(rig.workspace(), rig.resolver(), (base, checkpoint, out) -> {
            Files.createDirectories(out);
            Files.writeString(out.resolve("model.safetensors"), "half a merge");
            throw new java.io.IOException("disk full");
        });
        assertThrows(java.io.IOException.class,
                () -> failing.publish(PublishRequest.of("run").withCheckpoint("last").withName("m").overwrite(true)));
        assertEquals(before, Files.readString(dir.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(dir.resolve("README.md")));
        assertEquals(java.util.List.of("m"), new PublishedModels(rig.workspace()).list().stream()
                .map(PublishedModels.Entry::name).toList(), "no half-written folder is listed");
    }

    @Test
    void modelsListsWhatPublishWroteAndDeleteRemovesIt() throws Exception {
        PublishedModels models = new PublishedModels(rig.workspace());
        assertEquals(java.util.List.of(), models.list());
        java.time.Instant before = java.time.Instant.now().minusSeconds(2);
        PublishedModel a = publisher.publish(PublishRequest.of("run").withCheckpoint("5").withName("a"));
        publisher.publish(PublishRequest.of("run").withCheckpoint("last").withName("b"));
        var listed = models.list();
        assertEquals(java.util.List.of("a", "b"), listed.stream().map(PublishedModels.Entry::name).toList());
        PublishedModels.Entry first = listed.get(0);
        assertEquals("run", first.job());
        assertEquals(5, first.step());
        assertEquals(a.base(), first.base());
        assertEquals(a.path(), first.path());
        long bytes = 0;
        for (String f : a.files()) {
            bytes += Files.size(a.path().resolve(f));
        }
        assertEquals(bytes, first.sizeBytes());
        assertTrue(!first.published().isBefore(before), first.published().toString());
        assertEquals(12, listed.get(1).step());

        models.delete("a");
        assertFalse(Files.exists(root.resolve("models/a")));
        assertEquals(java.util.List.of("b"), models.list().stream().map(PublishedModels.Entry::name).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> models.delete("a"));
        assertTrue(e.getMessage().contains("no published model named 'a'") && e.getMessage().contains("published: b"),
                e.getMessage());
    }

    @Test
    void jobReferencesResolveToCheckpointsOverTheBase() throws Exception {
        ModelResolver resolver = rig.resolver();
        Workspace ws = rig.workspace();
        assertEquals(root.resolve("jobs/run/checkpoint-12"), resolver.resolve("run").checkpoint());
        assertEquals(root.resolve("jobs/run/checkpoint-5"), resolver.resolve("run:5").checkpoint());
        assertEquals(ws.job("run").bestCheckpoint().orElseThrow().path(), resolver.resolve("run:best").checkpoint());
        assertEquals(ResolvedModel.Kind.JOB_CHECKPOINT, resolver.resolve("run:last").kind());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolver.resolve("run:7"));
        assertTrue(e.getMessage().contains("checkpoints are at steps 5, 10, 12"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> resolver.resolve("nothing-here"));
        assertTrue(e.getMessage().contains("no model 'nothing-here'") && e.getMessage().contains("(run)"),
                e.getMessage());
        assertEquals(ResolvedModel.Kind.FOLDER,
                resolver.resolve(root.resolve("models").resolveSibling("cache/tiny").toString()).kind());
        JobConfig unused = JobConfig.fromFlags(Map.of("base", "run:5", "data", "d"));
        assertEquals("run:5", unused.base());
    }
}
