package dev.jtune.trainer.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Checks that need the resolved model or the encoded data, so they run on the job's thread before the first step:
 * a sequence length the model has no positions for is refused, a doubtful setting is warned about.
 */
final class TrainingPreflight {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingPreflight() {
    }

    /**
     * Refuses {@code --max-seq-len} beyond the base's {@code max_position_embeddings}: those positions were never
     * trained. A RoPE-scaled model (rope_scaling / rope_parameters with a type other than default) was made to
     * stretch, so there it is a warning. Says nothing when the base's config.json does not tell.
     */
    static void checkSequenceLength(JobConfig config, Path baseFolder, List<String> warnings) {
        JsonNode root;
        try {
            root = JSON.readTree(baseFolder.resolve("config.json").toFile());
        } catch (IOException | RuntimeException e) {
            return;  // loading the model reports an unreadable config with its own sentence
        }
        int positions = root.path("max_position_embeddings").asInt(0);
        if (positions <= 0 || config.maxSeqLen() <= positions) {
            return;
        }
        String scaling = ropeScaling(root);
        if (scaling == null) {
            throw new JobFailedException("--max-seq-len " + config.maxSeqLen() + " is beyond the " + positions
                    + " positions " + config.base() + " has (max_position_embeddings in its config.json) and it has "
                    + "no RoPE scaling to stretch them: use --max-seq-len " + positions + " or less");
        }
        warnings.add("--max-seq-len " + config.maxSeqLen() + " is beyond the " + positions + " positions "
                + config.base() + " was configured for (max_position_embeddings); its RoPE scaling (" + scaling
                + ") may stretch that far, but check the loss on long examples, or use --max-seq-len " + positions);
    }

    /** Warns when one batch is larger than the whole training set: every step then sees all of it. */
    static void checkBatchSize(JobConfig config, TrainingData data, List<String> warnings) {
        long rows = data.trainingRows();
        if (rows > 0 && config.batchSize() > rows) {
            warnings.add(String.format(Locale.ROOT, "--batch-size %d is larger than the %d training %s: each step "
                            + "trains on all of them at once; use --batch-size %d or less (or more data)",
                    config.batchSize(), rows, config.packing() ? "sequences (after packing)"
                            : config.trainsPreferences() ? "preference pairs" : "examples", rows));
        }
    }

    /** "type yarn, factor 4.0", or null when the model has no RoPE scaling. */
    private static String ropeScaling(JsonNode root) {
        JsonNode node = root.path("rope_scaling");
        if (!node.isObject()) {
            node = root.path("rope_parameters");
        }
        if (!node.isObject()) {
            return null;
        }
        String type = node.path("rope_type").asText(node.path("type").asText("default"));
        if (type.equals("default")) {
            return null;
        }
        return "type " + type + (node.has("factor") ? ", factor " + node.get("factor").asText() : "");
    }
}
