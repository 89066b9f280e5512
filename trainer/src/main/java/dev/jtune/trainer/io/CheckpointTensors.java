package dev.jtune.trainer.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a HuggingFace model folder: one {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json} ({@code weight_map}: tensor name → shard file). Tensors are read one at a
 * time through {@link SafetensorsReader}'s memory maps.
 */
public final class CheckpointTensors implements AutoCloseable {

    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final Map<String, SafetensorsReader> byTensor;
    private final List<SafetensorsReader> readers;

    private CheckpointTensors(Map<String, SafetensorsReader> byTensor, List<SafetensorsReader> readers) {
        this.byTensor = byTensor;
        this.readers = readers;
    }

    public static CheckpointTensors open(Path folder) throws IOException {
        Path single = folder.resolve(SINGLE);
        Path index = folder.resolve(INDEX);
        if (Files.isRegularFile(single)) {
            SafetensorsReader reader = SafetensorsReader.open(single);
            Map<String, SafetensorsReader> map = new LinkedHashMap<>();
            reader.tensors().keySet().forEach(n -> map.put(n, reader));
            return new CheckpointTensors(map, List.of(reader));
        }
        if (Files.isRegularFile(index)) {
            return openSharded(folder, index);
        }
        throw new SafetensorsException(folder + " holds neither " + SINGLE + " nor " + INDEX
                + ": point at a HuggingFace model folder with safetensors weights (.bin/.pt weights are not read).");
    }

    private static CheckpointTensors openSharded(Path folder, Path index) throws IOException {
        JsonNode weightMap;
        try {
            weightMap = new ObjectMapper().readTree(index.toFile()).path("weight_map");
        } catch (IOException e) {
            throw new SafetensorsException(index + " is not valid JSON (" + e.getMessage() + ").");
        }
        if (!weightMap.isObject()) {
            throw new SafetensorsException(index + " has no 'weight_map' object naming the shard of each tensor.");
        }
        Map<String, SafetensorsReader> shards = new LinkedHashMap<>();
        Map<String, SafetensorsReader> byTensor = new LinkedHashMap<>();
        List<SafetensorsReader> readers = new ArrayList<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String shard = e.getValue().asText();
                SafetensorsReader reader = shards.get(shard);
                if (reader == null) {
                    reader = SafetensorsReader.open(folder.resolve(shard));
                    shards.put(shard, reader);
                    readers.add(reader);
                }
                if (!reader.tensors().containsKey(e.getKey())) {
                    throw new SafetensorsException(index + " says tensor '" + e.getKey() + "' is in " + shard
                            + " but that shard does not hold it: the download is incomplete or mixed.");
                }
                byTensor.put(e.getKey(), reader);
            }
        } catch (IOException | RuntimeException e) {
            for (SafetensorsReader r : readers) {
                r.close();
            }
            throw e;
        }
        return new CheckpointTensors(byTensor, readers);
    }

    public Map<String, SafetensorsReader> tensors() {
        return Collections.unmodifiableMap(byTensor);
    }

    public boolean has(String name) {
        return byTensor.containsKey(name);
    }

    public TensorInfo info(String name) throws SafetensorsException {
        return reader(name).info(name);
    }

    public Path file(String name) throws SafetensorsException {
        return reader(name).file();
    }

    public float[] readFloats(String name) throws IOException {
        return reader(name).readFloats(name);
    }

    /** The tensor's raw little-endian bytes, memory-mapped (see {@link SafetensorsReader#raw}). */
    public java.nio.ByteBuffer raw(String name) throws IOException {
        return reader(name).raw(name);
    }

    private SafetensorsReader reader(String name) throws SafetensorsException {
        SafetensorsReader r = byTensor.get(name);
        if (r == null) {
            throw new SafetensorsException("the checkpoint has no tensor named '" + name + "'.");
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        for (SafetensorsReader r : readers) {
            r.close();
        }
    }
}
