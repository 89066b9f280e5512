package dev.jtune.trainer.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.job.JobConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LLaMA-Factory's SFT, pinned to the keys of hiyouga/LLaMA-Factory at commit 072bfe29 (data_args.py; 0.9.3 era:
 * finetuning_args.py, model_args.py and transformers' TrainingArguments): {@code train.jsonl} (+ {@code val.jsonl})
 * in OpenAI {@code messages} form, registered in {@code dataset_info.json} as sharegpt with OpenAI role tags (as
 * its data/README.md documents), and one YAML for {@code llamafactory-cli train}, launched with torchrun across the
 * nodes ({@code FORCE_TORCHRUN=1 NNODES NODE_RANK MASTER_ADDR MASTER_PORT}, one srun task per node).
 */
final class LlamaFactoryEngine implements ExternalEngine {

    static final String CONFIG = "llamafactory-sft.yaml";
    static final String TRAIN = "jtune_train";
    static final String VAL = "jtune_val";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "llamafactory";
    }

    @Override
    public Export write(JobConfig c, Path base, List<Example> train, List<Example> validation, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        List<String> unmapped = new ArrayList<>();
        boolean hasVal = !validation.isEmpty();
        ChatJsonl.write(dir.resolve("train.jsonl"), train, name());
        ObjectNode info = JSON.createObjectNode();
        register(info, TRAIN, "train.jsonl");
        if (hasVal) {
            ChatJsonl.write(dir.resolve("val.jsonl"), validation, name());
            register(info, VAL, "val.jsonl");
        }
        AtomicFiles.writeString(dir.resolve("dataset_info.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(info) + "\n");

        Map<String, Object> y = new LinkedHashMap<>();
        y.put("model_name_or_path", base.toString());
        y.put("stage", "sft");
        y.put("do_train", true);
        y.put("finetuning_type", c.usesLora() ? "lora" : "full");
        if (c.usesLora()) {
            y.put("lora_rank", c.loraR());
            y.put("lora_alpha", HfTrainerArguments.loraAlpha(c, "LLaMA-Factory", unmapped));
            y.put("lora_dropout", c.loraDropout());
            y.put("lora_target", c.loraTargets().equals(List.of("all-linear")) ? "all"
                    : String.join(",", c.loraTargets()));
            if (c.rslora()) {
                y.put("use_rslora", true);
            }
            if (c.loraplusRatio() != 1.0) {
                y.put("loraplus_lr_ratio", c.loraplusRatio());
            }
        }
        y.put("dataset", TRAIN);
        if (hasVal) {
            y.put("eval_dataset", VAL);
        }
        y.put("dataset_dir", dir.toString());
        y.put("template", template(base, unmapped));
        y.put("cutoff_len", c.maxSeqLen());
        if (c.packing()) {
            y.put("packing", true);
            y.put("neat_packing", true);  // JTune's packing has no attention across examples; neat_packing neither
        }
        y.put("overwrite_cache", true);
        if ("off".equals(c.gradCheckpointing())) {
            y.put("disable_gradient_checkpointing", true);
        } else if ("auto".equals(c.gradCheckpointing())) {
            unmapped.add("grad-checkpointing auto (LLaMA-Factory checkpoints gradients unless told not to)");
        }
        Path output = dir.resolve("output");
        y.putAll(HfTrainerArguments.of(c, output.toString(), hasVal, false, unmapped));
        y.put("report_to", "none");
        y.put("plot_loss", false);
        Path config = dir.resolve(CONFIG);
        HfTrainerArguments.writeYaml(config, y);
        return new Export(config, output, List.copyOf(unmapped));
    }

    /** An OpenAI-format dataset entry of dataset_info.json (LLaMA-Factory data/README.md, sharegpt). */
    private static void register(ObjectNode info, String name, String file) {
        ObjectNode d = info.putObject(name);
        d.put("file_name", file);
        d.put("formatting", "sharegpt");
        d.putObject("columns").put("messages", "messages").put("tools", "tools");
        d.putObject("tags").put("role_tag", "role").put("content_tag", "content").put("user_tag", "user")
                .put("assistant_tag", "assistant").put("system_tag", "system").put("observation_tag", "tool")
                .put("function_tag", "function_call");
    }

    /**
     * LLaMA-Factory formats with a named template rather than the model's own chat template: the one for the
     * base's family, and the choice is listed so the user can check it.
     */
    private static String template(Path base, List<String> unmapped) {
        String type = "";
        try {
            JsonNode cfg = JSON.readTree(base.resolve("config.json").toFile());
            type = cfg.path("model_type").asText("");
        } catch (IOException e) {
            // no config.json: the default template
        }
        String t = switch (type) {
            case "llama" -> "llama3";
            case "qwen2", "qwen3" -> "qwen";
            case "mistral" -> "mistral";
            case "gemma", "gemma2", "gemma3" -> "gemma";
            default -> "default";
        };
        unmapped.add("the chat template (LLaMA-Factory uses its named template '" + t + "' for model_type '" + type
                + "', not the base's chat_template: check that it matches)");
        return t;
    }

    @Override
    public String launch(Export export, JobConfig c, String activate) {
        String perNode = c.gpusPerNode() > 0 ? "NPROC_PER_NODE=" + c.gpusPerNode() + " " : "";
        String inner = (activate.isEmpty() ? "" : "source " + ShellWords.quote(activate) + " && ")
                + "FORCE_TORCHRUN=1 NNODES=$SLURM_NNODES NODE_RANK=$SLURM_NODEID MASTER_ADDR=$MASTER_ADDR "
                + "MASTER_PORT=$MASTER_PORT " + perNode + "llamafactory-cli train "
                + ShellWords.quote(export.config().toString());
        return String.join("\n",
                "export MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)",
                "export MASTER_PORT=$((20000 + SLURM_JOB_ID % 20000))",
                "srun --ntasks-per-node=1 --kill-on-bad-exit=1 bash -c " + ShellWords.quote(inner));
    }
}
