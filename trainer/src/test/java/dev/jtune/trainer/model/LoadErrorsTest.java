package dev.jtune.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.io.SafetensorsWriter;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadErrorsTest {

    static Stream<Fixture> fixtures() throws Exception {
        return Fixture.all();
    }

    private static Path copyConfig(Fixture f, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(f.dir().resolve("config.json"), dir.resolve("config.json"));
        return dir;
    }

    private static IOException loadFails(Path dir) {
        try (NDManager manager = NDManager.newBaseManager()) {
            return assertThrows(IOException.class, () -> CausalLm.load(dir, manager, DataType.FLOAT32));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void missingWeightsNameTheFolderAndTheExpectedFiles(Fixture f, @TempDir Path tmp) throws Exception {
        Path dir = copyConfig(f, tmp.resolve("m"));
        String msg = loadFails(dir).getMessage();
        assertTrue(msg.contains(dir.toString()) && msg.contains("model.safetensors"), msg);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void missingConfigIsNamed(Fixture f, @TempDir Path tmp) throws Exception {
        String msg = loadFails(tmp).getMessage();
        assertTrue(msg.contains("config.json") && msg.contains("does not exist"), msg);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void truncatedSafetensorsIsReported(Fixture f, @TempDir Path tmp) throws Exception {
        Path dir = copyConfig(f, tmp.resolve("m"));
        byte[] bytes = Files.readAllBytes(f.dir().resolve("model.safetensors"));
        Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        String msg = loadFails(dir).getMessage();
        assertTrue(msg.contains("truncated") && msg.contains("model.safetensors"), msg);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void shapeMismatchNamesTensorShapesAndFile(Fixture f, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir);
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(f.dir().resolve("config.json").toFile());
        int inter = config.path("intermediate_size").asInt();
        config.put("intermediate_size", inter * 2);
        Files.writeString(dir.resolve("config.json"), config.toString());
        Files.copy(f.dir().resolve("model.safetensors"), dir.resolve("model.safetensors"));
        String msg = loadFails(dir).getMessage();
        // Phi-3 stores gate and up as one tensor of twice the rows.
        boolean fused = ModelConfig.load(f.dir().resolve("config.json")).architecture().fusedCheckpoint();
        int rows = fused ? 2 * inter : inter;
        assertTrue(msg.contains("model.layers.0.mlp." + (fused ? "gate_up_proj" : "gate_proj") + ".weight"), msg);
        assertTrue(msg.contains("[" + rows + ", ") && msg.contains("[" + (rows * 2) + ", "), msg);
        assertTrue(msg.contains(dir.resolve("model.safetensors").toString()), msg);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void unknownArchitectureIsRefused(Fixture f, @TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("m");
        Files.createDirectories(dir);
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(f.dir().resolve("config.json").toFile());
        config.put("model_type", "falcon");
        Files.writeString(dir.resolve("config.json"), config.toString());
        Files.copy(f.dir().resolve("model.safetensors"), dir.resolve("model.safetensors"));
        String msg = loadFails(dir).getMessage();
        assertTrue(msg.contains("falcon") && msg.contains("llama, qwen2, mistral"), msg);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void shardedCheckpointGivesTheSameLogits(Fixture f, @TempDir Path tmp) throws Exception {
        Path dir = copyConfig(f, tmp.resolve("sharded"));
        ObjectNode weightMap = new ObjectMapper().createObjectNode();
        try (SafetensorsReader reader = SafetensorsReader.open(f.dir().resolve("model.safetensors"))) {
            List<String> names = new ArrayList<>(reader.tensors().keySet());
            SafetensorsWriter[] shards = {new SafetensorsWriter(), new SafetensorsWriter()};
            for (int i = 0; i < names.size(); i++) {
                int s = i < names.size() / 2 ? 0 : 1;
                String n = names.get(i);
                shards[s].add(n, reader.readFloats(n), reader.info(n).shape());
                weightMap.put(n, "model-0000" + (s + 1) + "-of-00002.safetensors");
            }
            shards[0].write(dir.resolve("model-00001-of-00002.safetensors"));
            shards[1].write(dir.resolve("model-00002-of-00002.safetensors"));
        }
        ObjectNode index = new ObjectMapper().createObjectNode();
        index.putObject("metadata");
        index.set("weight_map", weightMap);
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.toString());
        Batch batch = f.singleBatch();
        assertArrayEquals(logits(f.dir(), batch), logits(dir, batch), 0f);
    }

    private static float[] logits(Path dir, Batch b) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm model = CausalLm.load(dir, manager, DataType.FLOAT32);
            NDArray h = model.hidden(manager, b.inputIds(), b.positionIds(), b.segmentIds(), null, false);
            return model.logits(h).toFloatArray();
        }
    }
}
