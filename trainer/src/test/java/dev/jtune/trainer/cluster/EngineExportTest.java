package dev.jtune.trainer.cluster;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jtune.trainer.cli.JTuneTrain;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.runtime.JTuneRuntime;
import dev.jtune.trainer.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LLaMA-Factory and TRL exports use only keys their pinned versions declare, and carry JTune's data exactly.
 * LLaMA-Factory is not installable here: its keys below were read from its source, hiyouga/LLaMA-Factory at commit
 * 072bfe29 (src/llamafactory/hparams/data_args.py; finetuning_args.py and model_args.py of the same 0.9.3 line)
 * and data/README.md (sharegpt with OpenAI tags), plus the transformers 4.x TrainingArguments it uses. TRL's are
 * the fields of trl 1.13's ScriptArguments, SFTConfig and ModelConfig (transformers 5.18 TrainingArguments).
 */
class EngineExportTest {

    private static final Path TINY_LLAMA = Path.of("src/test/fixtures/tiny-llama3").toAbsolutePath();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> TRAINING_ARGUMENTS = Set.of("output_dir", "seed", "per_device_train_batch_size",
            "gradient_accumulation_steps", "learning_rate", "num_train_epochs", "max_steps", "lr_scheduler_type",
            "lr_scheduler_kwargs", "warmup_steps", "weight_decay", "max_grad_norm", "logging_steps", "save_strategy",
            "save_steps", "save_total_limit", "eval_strategy", "eval_steps", "per_device_eval_batch_size", "fp16",
            "report_to", "do_train", "gradient_checkpointing", "use_cpu", "bf16");
    private static final Set<String> LLAMAFACTORY = Set.of(
            // data_args.py
            "template", "dataset", "eval_dataset", "dataset_dir", "cutoff_len", "packing", "neat_packing",
            "overwrite_cache", "max_samples", "val_size",
            // finetuning_args.py
            "stage", "finetuning_type", "lora_rank", "lora_alpha", "lora_dropout", "lora_target", "use_rslora",
            "loraplus_lr_ratio", "plot_loss",
            // model_args.py
            "model_name_or_path", "disable_gradient_checkpointing",
            // transformers 4.x TrainingArguments, as LLaMA-Factory's training_args.py extends it
            "warmup_ratio");
    private static final Set<String> TRL = Set.of(
            // ScriptArguments
            "dataset_name", "dataset_train_split", "dataset_test_split",
            // SFTConfig
            "max_length", "packing",
            // ModelConfig
            "model_name_or_path", "use_peft", "lora_r", "lora_alpha", "lora_dropout", "lora_target_modules",
            "use_rslora");

    @TempDir
    Path dir;

    private JTuneRuntime runtime() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(TestData.datasets().resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0.1);
        return JTuneRuntime.open(dir.resolve("ws"), catalog, Device.cpu());
    }

    private static JobConfig config(String... extra) {
        Map<String, String> f = new HashMap<>(Map.of("base", TINY_LLAMA.toString(), "data", "intents",
                "max-samples", "20", "save-steps", "5", "lora-r", "4", "lora-alpha", "8.5", "scheduler",
                "polynomial", "lr-end", "1e-6", "early-stop-patience", "2"));
        for (int i = 0; i < extra.length; i += 2) {
            f.put(extra[i], extra[i + 1]);
        }
        return JobConfig.fromFlags(f);
    }

    private static void assertKeysIn(JsonNode yaml, Set<String> engineKeys, Set<String> common) {
        for (Iterator<String> it = yaml.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            assertTrue(engineKeys.contains(k) || common.contains(k), "the pinned engine has no key " + k);
        }
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void llamaFactoryExportUsesItsKeysAndJTunesData() throws Exception {
        try (JTuneRuntime rt = runtime()) {
            ExternalEngine.Export e = EngineExports.export(rt, config(), "llamafactory", dir.resolve("lf"));
            JsonNode y = YAML.readTree(e.config().toFile());
            Set<String> common = new java.util.HashSet<>(TRAINING_ARGUMENTS);
            common.remove("warmup_steps");  // 4.x: warmup_ratio is the ratio
            assertKeysIn(y, LLAMAFACTORY, common);
            assertEquals("lora", y.path("finetuning_type").asText());
            assertEquals("all", y.path("lora_target").asText());
            assertEquals("llama3", y.path("template").asText());
            assertEquals(1e-6, y.path("lr_scheduler_kwargs").path("lr_end").asDouble());
            assertEquals(20, lines(dir.resolve("lf/train.jsonl")).size(), "max-samples is applied as JTune does");
            assertEquals(rt.datasets().get("intents").validation().size(), lines(dir.resolve("lf/val.jsonl")).size());
            JsonNode info = JSON.readTree(dir.resolve("lf/dataset_info.json").toFile());
            assertEquals("sharegpt", info.path("jtune_train").path("formatting").asText());
            assertEquals("train.jsonl", info.path("jtune_train").path("file_name").asText());
            assertEquals("role", info.path("jtune_train").path("tags").path("role_tag").asText());
            assertEquals("val.jsonl", info.path("jtune_val").path("file_name").asText());
            JsonNode first = lines(dir.resolve("lf/train.jsonl")).get(0).path("messages");
            assertEquals("assistant", first.get(first.size() - 1).path("role").asText());
            assertTrue(e.unmapped().stream().anyMatch(u -> u.startsWith("lora-alpha 8.5")), e.unmapped().toString());
            assertTrue(e.unmapped().stream().anyMatch(u -> u.startsWith("early-stop")), e.unmapped().toString());
            String launch = new LlamaFactoryEngine().launch(e, config("cluster", "c", "engine", "llamafactory",
                    "nodes", "2", "gpus-per-node", "4"), "/venv/bin/activate");
            assertTrue(launch.contains("srun --ntasks-per-node=1"), launch);
            assertTrue(launch.contains("FORCE_TORCHRUN=1 NNODES=$SLURM_NNODES NODE_RANK=$SLURM_NODEID "
                    + "MASTER_ADDR=$MASTER_ADDR MASTER_PORT=$MASTER_PORT NPROC_PER_NODE=4 llamafactory-cli train"),
                    launch);
        }
    }

    @Test
    void trlExportUsesItsKeysThroughTheCommandLine() throws Exception {
        Path job = dir.resolve("job.yaml");
        Files.writeString(job, "base: " + TINY_LLAMA + "\ndata: " + TestData.datasets().resolve(
                "intents-train.jsonl") + "\nval-ratio: 0.25\nmax-steps: 3\nlora-targets: q_proj,v_proj\n");
        int exit = JTuneTrain.commandLine().execute("export", "--workspace", dir.resolve("ws").toString(),
                "--engine", "trl", job.toString(), "--out", dir.resolve("trl").toString());
        assertEquals(0, exit);
        JsonNode y = YAML.readTree(dir.resolve("trl/" + TrlEngine.CONFIG).toFile());
        assertKeysIn(y, TRL, TRAINING_ARGUMENTS);
        assertEquals(List.of("q_proj", "v_proj"), JSON.convertValue(y.path("lora_target_modules"), List.class));
        assertEquals(0.03, y.path("warmup_steps").asDouble(), "transformers 5 takes the warmup ratio as steps < 1");
        assertEquals(3, y.path("max_steps").asInt());
        int train = lines(dir.resolve("trl/data-trl/train.jsonl")).size();
        int val = lines(dir.resolve("trl/data-trl/validation.jsonl")).size();
        int all = Files.readAllLines(TestData.datasets().resolve("intents-train.jsonl")).size();
        assertEquals(all, train + val);
        assertEquals(Math.round(all * 0.25), val, 1.0);
    }
}
