package dev.jtune.trainer.preference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.io.DType;
import dev.jtune.trainer.io.SafetensorsReader;
import dev.jtune.trainer.io.SafetensorsWriter;
import dev.jtune.trainer.testing.Batches;
import dev.jtune.trainer.testing.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The DPO reference fixture tiny-llama3/dpo (see trainer/src/test/fixtures/README.md and make_dpo_reference.py). */
record DpoFixture(Path model, Path dir, JsonNode reference) {

    static final List<String> CASES = List.of("sigmoid", "ipo", "hinge", "sigmoid_smoothed_ftx");

    static DpoFixture load() throws IOException {
        Path model = TestData.fixtureFolders().stream().filter(p -> p.getFileName().toString().equals("tiny-llama3"))
                .findFirst().orElseThrow();
        Path dir = model.resolve("dpo");
        return new DpoFixture(model, dir, new ObjectMapper().readTree(dir.resolve("reference.json").toFile()));
    }

    SafetensorsReader tensors() throws IOException {
        return SafetensorsReader.open(dir.resolve("reference.safetensors"));
    }

    /** The concatenated batch [chosen₁, chosen₂, rejected₁, rejected₂], each row without its right padding. */
    Batch batch() {
        int pad = reference.path("pad_token_id").asInt();
        List<int[]> ids = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        for (int r = 0; r < reference.path("input_ids").size(); r++) {
            JsonNode row = reference.path("input_ids").get(r);
            JsonNode mask = reference.path("completion_mask").get(r);
            int n = row.size();
            while (n > 0 && row.get(n - 1).asInt() == pad) {
                n--;
            }
            int[] id = new int[n];
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                id[i] = row.get(i).asInt();
                w[i] = mask.get(i).asInt();
            }
            ids.add(id);
            weights.add(w);
        }
        return Batches.of(ids, weights);
    }

    PreferenceObjective objective(String caseName) {
        double beta = reference.path("beta").asDouble();
        return switch (caseName) {
            case "sigmoid_smoothed_ftx" -> new PreferenceObjective(PreferenceLoss.SIGMOID, beta,
                    reference.path("label_smoothing").asDouble(), reference.path("ftx").asDouble());
            default -> new PreferenceObjective(PreferenceLoss.parse(caseName), beta, 0, 0);
        };
    }

    double[] doubles(String method, String key) {
        JsonNode n = reference.path(method).path(key);
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    /** A model folder holding the full-update fixture's starting weights (base with the adapter merged). */
    Path writeMergedModel(Path target) throws IOException {
        Files.createDirectories(target);
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        try (SafetensorsReader r = tensors()) {
            for (String name : r.tensors().keySet()) {
                if (name.startsWith("full.merged.")) {
                    writer.add(name.substring("full.merged.".length()), r.readFloats(name),
                            r.info(name).shape(), DType.F32);
                }
            }
        }
        writer.write(target.resolve("model.safetensors"));
        for (String f : List.of("config.json", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja")) {
            Files.copy(model.resolve(f), target.resolve(f));
        }
        return target;
    }

    static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static String shape(long[] s) {
        return Arrays.toString(s);
    }
}
