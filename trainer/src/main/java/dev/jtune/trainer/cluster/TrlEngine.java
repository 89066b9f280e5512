package dev.jtune.trainer.cluster;

import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.job.JobConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TRL's SFT script (trl 1.13: {@code trl/scripts/sft.py} with ScriptArguments, SFTConfig, ModelConfig), run with
 * {@code accelerate launch} on every node: {@code data/train.jsonl} (+ {@code data/validation.jsonl}, which
 * {@code load_dataset(folder)} names the validation split) in OpenAI {@code messages} form and one YAML.
 * On CPU nodes each node runs 2 gloo ranks; with GPUs, one rank per GPU. accelerate's {@code --cpu} launcher needs
 * MPI for several processes, so ranks always start through torchrun ({@code --multi_gpu}), and CPU nodes set
 * {@code ACCELERATE_USE_CPU} and {@code use_cpu}, which make them gloo ranks.
 */
final class TrlEngine implements ExternalEngine {

    static final String CONFIG = "trl-sft.yaml";
    static final int CPU_RANKS_PER_NODE = 2;

    @Override
    public String name() {
        return "trl";
    }

    @Override
    public Export write(JobConfig c, Path base, List<Example> train, List<Example> validation, Path dir)
            throws IOException {
        Path data = Files.createDirectories(dir.resolve("data-trl"));
        List<String> unmapped = new ArrayList<>();
        boolean hasVal = !validation.isEmpty();
        ChatJsonl.write(data.resolve("train.jsonl"), train, name());
        if (hasVal) {
            ChatJsonl.write(data.resolve("validation.jsonl"), validation, name());
        }
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("model_name_or_path", base.toString());
        y.put("dataset_name", data.toString());
        y.put("dataset_train_split", "train");
        y.put("dataset_test_split", "validation");
        y.put("max_length", c.maxSeqLen());
        y.put("packing", c.packing());
        if (c.usesLora()) {
            y.put("use_peft", true);
            y.put("lora_r", c.loraR());
            y.put("lora_alpha", HfTrainerArguments.loraAlpha(c, "TRL's ModelConfig", unmapped));
            y.put("lora_dropout", c.loraDropout());
            y.put("lora_target_modules", c.loraTargets().equals(List.of("all-linear")) ? "all-linear"
                    : c.loraTargets());
            if (c.rslora()) {
                y.put("use_rslora", true);
            }
        }
        if (c.loraplusRatio() != 1.0) {
            unmapped.add("loraplus-ratio (TRL's SFT script has no LoRA+ optimizer)");
        }
        if (!"auto".equals(c.gradCheckpointing())) {
            y.put("gradient_checkpointing", "on".equals(c.gradCheckpointing()));
        }
        unmapped.add("the loss on assistant tokens only (TRL's assistant_only_loss needs a chat template with "
                + "generation markers, so the whole conversation is trained)");
        Path output = dir.resolve("output");
        y.putAll(HfTrainerArguments.of(c, output.toString(), hasVal, true, unmapped));
        y.put("report_to", "none");
        Path config = dir.resolve(CONFIG);
        HfTrainerArguments.writeYaml(config, y);
        return new Export(config, output, List.copyOf(unmapped));
    }

    @Override
    public String launch(Export export, JobConfig c, String activate) {
        int perNode = c.gpusPerNode() > 0 ? c.gpusPerNode() : CPU_RANKS_PER_NODE;
        String inner = (activate.isEmpty() ? "" : "source " + ShellWords.quote(activate) + " && ")
                + (c.gpusPerNode() > 0 ? "" : "ACCELERATE_USE_CPU=true ")
                + "accelerate launch --multi_gpu --num_machines $SLURM_NNODES --machine_rank $SLURM_NODEID "
                + "--main_process_ip $MASTER_ADDR --main_process_port $MASTER_PORT "
                + "--num_processes $((SLURM_NNODES * " + perNode + "))"
                + " -m trl.scripts.sft --config " + ShellWords.quote(export.config().toString());
        return String.join("\n",
                "export MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)",
                "export MASTER_PORT=$((20000 + SLURM_JOB_ID % 20000))",
                "srun --ntasks-per-node=1 --kill-on-bad-exit=1 bash -c " + ShellWords.quote(inner));
    }
}
