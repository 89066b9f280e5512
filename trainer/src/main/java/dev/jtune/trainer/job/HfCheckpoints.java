package dev.jtune.trainer.job;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code checkpoint-N} folders a transformers-based engine wrote. One counts only when complete: the adapter
 * (adapter_config.json + adapter_model.safetensors) or full weights (config.json + model*.safetensors) with a
 * safetensors header that parses, and a trainer_state.json that parses; a folder being written is skipped.
 */
public final class HfCheckpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HfCheckpoints() {
    }

    /** Complete checkpoints under {@code output}, oldest first. */
    public static List<Path> complete(Path output) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(output)) {
            return found;
        }
        try (Stream<Path> s = Files.list(output)) {
            s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+")).filter(HfCheckpoints::isComplete)
                    .sorted(Comparator.comparingLong(HfCheckpoints::step)).forEach(found::add);
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    public static long step(Path checkpoint) {
        return Long.parseLong(checkpoint.getFileName().toString().substring("checkpoint-".length()));
    }

    public static boolean isComplete(Path dir) {
        try {
            JSON.readTree(dir.resolve("trainer_state.json").toFile());
            if (Files.isRegularFile(dir.resolve("adapter_config.json"))) {
                JSON.readTree(dir.resolve("adapter_config.json").toFile());
                return safetensorsHeaderParses(dir.resolve("adapter_model.safetensors"));
            }
            if (Files.isRegularFile(dir.resolve("config.json"))) {
                try (Stream<Path> s = Files.list(dir)) {
                    List<Path> weights = s.filter(p -> p.getFileName().toString().matches("model.*\\.safetensors"))
                            .toList();
                    return !weights.isEmpty() && weights.stream().allMatch(HfCheckpoints::safetensorsHeaderParses);
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** An 8-byte little-endian header length, then that many bytes of JSON, all within the file. */
    public static boolean safetensorsHeaderParses(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] len = in.readNBytes(8);
            if (len.length != 8) {
                return false;
            }
            long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n <= 0 || n > 100_000_000 || 8 + n > Files.size(file)) {
                return false;
            }
            byte[] header = in.readNBytes((int) n);
            return header.length == n && JSON.readTree(header).isObject();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
