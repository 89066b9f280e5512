package dev.jtune.trainer.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.schedule.SchedulerType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JTune parameters that transformers' {@code TrainingArguments} has, which LLaMA-Factory and TRL both read;
 * each engine adds its own keys. {@code unmapped} collects what has no equivalent. transformers 5 dropped
 * {@code warmup_ratio} ({@code warmup_steps} below 1 is the ratio); 4.x, which the pinned LLaMA-Factory uses, has it.
 */
final class HfTrainerArguments {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private HfTrainerArguments() {
    }

    /** Writes an engine's config (these keys and its own) as the YAML file its launcher reads, atomically. */
    static void writeYaml(Path file, Map<String, Object> keys) throws IOException {
        AtomicFiles.writeString(file, YAML.writeValueAsString(keys));
    }

    /**
     * PEFT's {@code lora_alpha} as both engines' argument parsers take it, a whole number; a fractional
     * {@code --lora-alpha} is rounded and listed in {@code unmapped} with {@code whoTakes} saying whose rule it is.
     */
    static long loraAlpha(JobConfig c, String whoTakes, List<String> unmapped) {
        long alpha = Math.round(c.loraAlpha());
        if (alpha != c.loraAlpha()) {
            unmapped.add("lora-alpha " + c.loraAlpha() + " (" + whoTakes + " takes a whole number: " + alpha + ")");
        }
        return alpha;
    }

    static Map<String, Object> of(JobConfig c, String outputDir, boolean hasValidation, boolean transformers5,
                                  List<String> unmapped) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output_dir", outputDir);
        m.put("seed", c.seed());
        m.put("per_device_train_batch_size", c.batchSize());
        m.put("gradient_accumulation_steps", c.gradAccum());
        m.put("learning_rate", c.lr());
        m.put("num_train_epochs", c.epochs());
        if (c.maxSteps() > 0) {
            m.put("max_steps", c.maxSteps());
        }
        SchedulerType scheduler = c.schedulerType();
        m.put("lr_scheduler_type", scheduler.transformersName());
        if (scheduler == SchedulerType.COSINE || scheduler == SchedulerType.COSINE_RESTARTS) {
            m.put("lr_scheduler_kwargs", Map.of("num_cycles", c.effectiveNumCycles()));
        } else if (scheduler == SchedulerType.POLYNOMIAL) {
            m.put("lr_scheduler_kwargs", Map.of("lr_end", c.lrEnd(), "power", c.power()));
        }
        if (c.warmupSteps() > 0) {
            m.put("warmup_steps", c.warmupSteps());
        } else {
            m.put(transformers5 ? "warmup_steps" : "warmup_ratio", c.warmupRatio());
        }
        m.put("weight_decay", c.weightDecay());
        m.put("max_grad_norm", c.maxGradNorm());
        m.put("logging_steps", c.logSteps());
        if (c.saveSteps() > 0) {
            m.put("save_strategy", "steps");
            m.put("save_steps", c.saveSteps());
        } else {
            m.put("save_strategy", "no");  // the engines save the final model at the end anyway
        }
        if (c.saveLimit() > 0) {
            m.put("save_total_limit", c.saveLimit());
        }
        if (hasValidation) {
            m.put("eval_strategy", "steps");
            m.put("eval_steps", c.evalSteps() > 0 ? c.evalSteps() : Math.max(1, c.saveSteps()));
            m.put("per_device_eval_batch_size", c.batchSize());
        }
        boolean cpuNodes = c.runsOnCluster() && c.gpusPerNode() == 0;
        if (cpuNodes) {
            // TRL defaults to bf16, which CPU nodes refuse; JTune's auto means fp32 on a CPU
            m.put("use_cpu", true);
            m.put("bf16", false);
        } else if ("fp16".equals(c.precision()) || ("auto".equals(c.precision()) && c.gpusPerNode() > 0)) {
            m.put("fp16", true);
        }
        if (c.earlyStopPatience() > 0) {
            unmapped.add("early-stop-patience/-delta/-metric (neither engine has early stopping in its config)");
        }
        return m;
    }
}
