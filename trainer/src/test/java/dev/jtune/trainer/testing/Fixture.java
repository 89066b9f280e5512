package dev.jtune.trainer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.engine.FineTuneSpec;
import dev.jtune.trainer.io.SafetensorsReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** One reference fixture folder (see trainer/src/test/fixtures/README.md): a HF checkpoint plus what the reference computed. */
public record Fixture(Path dir, JsonNode reference) {

    /** Every fixture folder that {@link TestData} finds. */
    public static Stream<Fixture> all() {
        return TestData.fixtureFolders().stream().map(Fixture::load);
    }

    public static Fixture load(Path dir) {
        try {
            return new Fixture(dir, new ObjectMapper().readTree(dir.resolve("reference.json").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public float[] tensor(String name) throws IOException {
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("reference.safetensors"))) {
            return r.readFloats(name);
        }
    }

    public SafetensorsReader references() throws IOException {
        return SafetensorsReader.open(dir.resolve("reference.safetensors"));
    }

    public int[] ints(String key) {
        JsonNode n = reference.path(key);
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    public float[] floats(String key) {
        JsonNode n = reference.path(key);
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }

    /** The reference's LoRA AdamW settings on its adapter (r=4, alpha=8, all linear, no dropout). */
    public FineTuneSpec adamwSpec() {
        JsonNode lora = reference.path("lora");
        JsonNode adamw = lora.path("adamw");
        return new FineTuneSpec(FineTuneSpec.Method.LORA, lora.path("r").asInt(), lora.path("alpha").asDouble(), 0.0,
                List.of("all-linear"), false, 1.0, adamw.path("weight_decay").asDouble(),
                adamw.path("betas").get(0).asDouble(), adamw.path("betas").get(1).asDouble(),
                adamw.path("eps").asDouble(), adamw.path("clip_grad_norm").asDouble(),
                FineTuneSpec.Precision.FP32, 1);
    }

    /** A one-row batch of {@code input_ids} weighted by {@code loss_weights}. */
    public Batch singleBatch() {
        return Batches.of(List.of(ints("input_ids")), List.of(floats("loss_weights")));
    }

    /** Both conversations right-padded into one batch, weighted by their assistant masks. */
    public Batch paddedBatch() {
        return Batches.of(List.of(ints("input_ids"), ints("input_ids_2")),
                List.of(floats("assistant_mask"), floats("assistant_mask_2")));
    }

    @Override
    public String toString() {
        return dir.getFileName().toString();
    }
}
