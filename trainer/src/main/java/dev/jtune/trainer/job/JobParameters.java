package dev.jtune.trainer.job;

import dev.jtune.trainer.schedule.SchedulerType;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.jtune.trainer.job.JobParameter.Kind.CHOICE;
import static dev.jtune.trainer.job.JobParameter.Kind.LONG;
import static dev.jtune.trainer.job.JobParameter.Kind.NAMES;
import static dev.jtune.trainer.job.JobParameter.Kind.NUMBER;
import static dev.jtune.trainer.job.JobParameter.Kind.SWITCH;
import static dev.jtune.trainer.job.JobParameter.Kind.TEXT;
import static dev.jtune.trainer.job.JobParameter.Kind.WHOLE;
import static dev.jtune.trainer.job.ParameterGroup.CHECKPOINTS;
import static dev.jtune.trainer.job.ParameterGroup.CLUSTER;
import static dev.jtune.trainer.job.ParameterGroup.DATA;
import static dev.jtune.trainer.job.ParameterGroup.EVALUATION;
import static dev.jtune.trainer.job.ParameterGroup.LORA;
import static dev.jtune.trainer.job.ParameterGroup.OPTIMIZATION;
import static dev.jtune.trainer.job.ParameterGroup.PRECISION_AND_MEMORY;
import static dev.jtune.trainer.job.ParameterGroup.PREFERENCE;
import static dev.jtune.trainer.job.ParameterGroup.RUN;
import static dev.jtune.trainer.job.ParameterGroup.SCHEDULE;
import static dev.jtune.trainer.job.ValueRange.above;
import static dev.jtune.trainer.job.ValueRange.atLeast;
import static dev.jtune.trainer.job.ValueRange.closed;
import static dev.jtune.trainer.job.ValueRange.upTo;

/**
 * Every job parameter, declared once (like PEFT's {@code LoraConfig} dataclass): the {@code %finetune} flags, the
 * {@code %%finetune} YAML keys, {@code jtune-train finetune}'s flags, {@code %jobs copy --set}, validation,
 * {@code --help}, the parameters table and config.json all come from this list. Adding a parameter is one entry
 * here plus its component in {@link JobConfig}.
 *
 * <p>Defaults suit a small model on one device, close to TRL's SFTConfig and LLaMA-Factory's examples: LoRA r=16,
 * alpha=32 on all linear layers, lr 2e-4 (2e-5 for a full update), cosine with 3% warmup, batch 8.
 */
public final class JobParameters {

    public static final String LORA_METHOD = "lora";
    public static final String FULL_METHOD = "full";
    /** The learning rate of LoRA, and of a full update, which needs a ~10x smaller one; lr follows the method. */
    public static final double LORA_LR = 2e-4;
    public static final double FULL_LR = 2e-5;
    /** Training stages, named as in LLaMA-Factory. */
    public static final String SFT_STAGE = "sft";
    public static final String DPO_STAGE = "dpo";

    private static final List<JobParameter> ALL = List.of(
            // run
            JobParameter.of("name", TEXT, RUN, null, "JOB")
                    .help("The job's name and folder (default: made from the base and the data)."),
            JobParameter.of("base", TEXT, RUN, null, "MODEL")
                    .help("The model to start from: tiny, a folder, a job, JOB:STEP, a published name or a hub id."),
            JobParameter.of("method", CHOICE, RUN, LORA_METHOD, "METHOD").choices(List.of(LORA_METHOD, FULL_METHOD),
                    Map.of()).help("lora trains small adapters; full updates every weight."),
            JobParameter.of("resume", TEXT, RUN, null, "JOB[:STEP]")
                    .help("Continue a job from its checkpoint (the newest unless STEP is given), in its own folder."),
            JobParameter.of("init-from", TEXT, RUN, null, "JOB[:STEP]")
                    .help("Start a new job from the weights of a job's checkpoint (fresh optimizer and schedule)."),
            JobParameter.of("seed", LONG, RUN, 42L, "S").range(closed(0, Long.MAX_VALUE))
                    .help("Random seed of data order, split, LoRA init and dropout (same seed, same curve on a CPU)."),
            JobParameter.of("log-steps", WHOLE, RUN, 10, "N").range(atLeast(1)).unit("steps")
                    .help("Log the training loss every N optimizer steps."),
            // data
            JobParameter.of("data", TEXT, DATA, null, "NAME")
                    .help("The training data: a dataset loaded with %dataset load, one saved in the workspace, or a "
                            + "file."),
            JobParameter.of("val", TEXT, DATA, null, "NAME")
                    .help("Validation data (default: a --val-ratio share held out of --data)."),
            JobParameter.of("val-ratio", NUMBER, DATA, 0.1, "R").range(closed(0, 0.5))
                    .zeroMeans("no validation split").help("Share of --data held out for validation."),
            JobParameter.of("max-samples", WHOLE, DATA, 0, "N").range(atLeast(0)).unit("examples")
                    .zeroMeans("all examples").help("Train on a seeded random subset of N examples."),
            JobParameter.of("max-seq-len", WHOLE, DATA, 1024, "T").range(closed(8, 1 << 20)).unit("tokens")
                    .help("Truncation length: longer examples are cut (the report says how many)."),
            JobParameter.of("packing", SWITCH, DATA, false, "true|false")
                    .help("Pack several examples into one sequence (no attention across them)."),
            // optimization
            JobParameter.of("epochs", NUMBER, OPTIMIZATION, 3.0, "E").range(above(0, 1000)).unit("epochs")
                    .help("Passes over the data (2.5 is fine: the last pass stops halfway)."),
            JobParameter.of("lr", NUMBER, OPTIMIZATION, LORA_LR, "LR").range(above(0, 1))
                    .defaultNote(ValueRange.format(LORA_LR) + " (" + ValueRange.format(FULL_LR) + " with --method full)").help("Peak learning rate."),
            JobParameter.of("batch-size", WHOLE, OPTIMIZATION, 8, "B").range(closed(1, 4096)).unit("sequences")
                    .help("Sequences per forward/backward on the device."),
            JobParameter.of("grad-accum", WHOLE, OPTIMIZATION, 1, "G").range(closed(1, 1024)).unit("batches")
                    .help("Batches accumulated into one optimizer step (effective batch = B x G)."),
            JobParameter.of("weight-decay", NUMBER, OPTIMIZATION, 0.0, "D").range(closed(0, 1))
                    .help("AdamW's decoupled weight decay."),
            JobParameter.of("max-grad-norm", NUMBER, OPTIMIZATION, 1.0, "N").range(closed(0, 1e6))
                    .zeroMeans("no clipping").help("Clip the global gradient norm to N."),
            // schedule
            JobParameter.of("scheduler", CHOICE, SCHEDULE, SchedulerType.COSINE.flagName(), "SCHEDULER")
                    .choices(Arrays.stream(SchedulerType.values()).map(SchedulerType::flagName).toList(),
                            schedulerAliases())
                    .help("Learning-rate schedule after warmup."),
            JobParameter.of("warmup-ratio", NUMBER, SCHEDULE, 0.03, "W").range(upTo(0, 1))
                    .help("Share of the steps spent warming up (used unless --warmup-steps is set)."),
            JobParameter.of("warmup-steps", WHOLE, SCHEDULE, 0, "N").range(atLeast(0)).unit("steps")
                    .zeroMeans("use --warmup-ratio").help("Warmup steps."),
            JobParameter.of("num-cycles", NUMBER, SCHEDULE, null, "C").range(above(0, 1000))
                    .defaultNote("0.5 for cosine, 1 for cosine-restarts")
                    .help("Cosine waves (cosine, cosine-restarts)."),
            JobParameter.of("lr-end", NUMBER, SCHEDULE, 1e-7, "X").range(closed(0, 1))
                    .help("Final learning rate of the polynomial schedule (below --lr)."),
            JobParameter.of("power", NUMBER, SCHEDULE, 1.0, "P").range(above(0, 100))
                    .help("Decay power of the polynomial schedule."),
            JobParameter.of("max-steps", WHOLE, SCHEDULE, 0, "N").range(atLeast(0)).unit("steps")
                    .zeroMeans("--epochs decides").help("Stop after N optimizer steps."),
            // LoRA
            JobParameter.of("lora-r", WHOLE, LORA, 16, "R").range(closed(1, 4096)).help("LoRA rank."),
            JobParameter.of("lora-alpha", NUMBER, LORA, 32.0, "A").range(above(0, 1e5))
                    .help("LoRA alpha: the update is scaled by alpha/r."),
            JobParameter.of("lora-dropout", NUMBER, LORA, 0.05, "P").range(upTo(0, 1))
                    .help("Dropout on the LoRA input path while training."),
            JobParameter.of("lora-targets", NAMES, LORA, List.of("all-linear"), "all-linear|q_proj,v_proj,...")
                    .help("Layers that get adapters: all-linear (never lm_head, as in PEFT) or module names."),
            JobParameter.of("rslora", SWITCH, LORA, false, "true|false")
                    .help("Rank-stabilized LoRA: scale by alpha/sqrt(r)."),
            JobParameter.of("loraplus-ratio", NUMBER, LORA, 1.0, "K").range(above(0, 1000))
                    .help("LoRA+: the B matrices learn at K times the learning rate (1 = plain LoRA)."),
            // precision and memory
            JobParameter.of("precision", CHOICE, PRECISION_AND_MEMORY, "auto", "PRECISION")
                    .choices(List.of("auto", "fp32", "fp16"), Map.of())
                    .refusing(Map.of("bf16", "DJL 0.35's PyTorch engine has no bfloat16; use fp16 (GPU), fp32 or "
                            + "auto (bf16 checkpoints are still read, converted on load)"))
                    .help("Compute precision: auto is fp16 mixed precision on a GPU, fp32 on a CPU."),
            JobParameter.of("grad-checkpointing", CHOICE, PRECISION_AND_MEMORY, "auto", "auto|on|off")
                    .choices(List.of("auto", "on", "off"), Map.of("true", "on", "false", "off"))
                    .help("Recompute each decoder layer's activations in backward to save memory; auto turns it on "
                            + "when a step's activations would not fit."),
            // checkpoints
            JobParameter.of("save-steps", WHOLE, CHECKPOINTS, 100, "N").range(atLeast(0)).unit("steps")
                    .zeroMeans("only the final checkpoint").help("Save a checkpoint every N steps."),
            JobParameter.of("save-limit", WHOLE, CHECKPOINTS, 3, "K").range(closed(0, 100000))
                    .zeroMeans("keep every checkpoint").help("Keep the newest K checkpoints (and the best)."),
            // evaluation
            JobParameter.of("eval-steps", WHOLE, EVALUATION, 0, "N").range(atLeast(0)).unit("steps")
                    .zeroMeans("at every checkpoint").help("Compute the validation loss every N steps."),
            JobParameter.of("early-stop-patience", WHOLE, EVALUATION, 0, "N").range(closed(0, 100000))
                    .zeroMeans("no early stopping").help("Stop after N checks without improvement."),
            JobParameter.of("early-stop-delta", NUMBER, EVALUATION, 0.0, "X").range(closed(0, 1e6))
                    .help("The smallest decrease that counts as an improvement."),
            JobParameter.of("early-stop-metric", CHOICE, EVALUATION, "val_loss", "METRIC")
                    .choices(List.of("val_loss", "train_loss"), Map.of())
                    .help("What early stopping watches."),
            // preference tuning (LLaMA-Factory's names: stage, pref_beta, pref_loss, pref_ftx)
            JobParameter.of("stage", CHOICE, PREFERENCE, SFT_STAGE, "sft|dpo")
                    .choices(List.of(SFT_STAGE, DPO_STAGE), Map.of())
                    .help("sft learns the answers of --data; dpo learns to prefer the chosen over the rejected "
                            + "answer of preference pairs (after an SFT job: --base JOB)."),
            JobParameter.of("pref-beta", NUMBER, PREFERENCE, 0.1, "BETA").range(above(0, 100))
                    .help("DPO's beta: higher keeps the model closer to the reference (the --base model)."),
            JobParameter.of("pref-loss", CHOICE, PREFERENCE, "sigmoid", "sigmoid|ipo|hinge")
                    .choices(List.of("sigmoid", "ipo", "hinge"), Map.of())
                    .help("Pairwise loss: sigmoid (DPO), ipo or hinge (SLiC), as in TRL."),
            JobParameter.of("pref-label-smoothing", NUMBER, PREFERENCE, 0.0, "EPS").range(upTo(0, 0.5))
                    .help("Conservative DPO: the share of pairs assumed mislabelled (sigmoid loss only)."),
            JobParameter.of("pref-ftx", NUMBER, PREFERENCE, 0.0, "W").range(closed(0, 1000))
                    .zeroMeans("no SFT term").help("Weight of an added SFT loss on the chosen answer."),
            // cluster (issue 13: where the job runs; see dev.jtune.trainer.cluster)
            JobParameter.of("cluster", TEXT, CLUSTER, null, "NAME")
                    .help("Run the job on a Slurm cluster added with %cluster add (default: here, in this process)."),
            JobParameter.of("engine", CHOICE, CLUSTER, "jtune", "ENGINE")
                    .choices(List.of("jtune", "llamafactory", "trl"), Map.of("llama-factory", "llamafactory"))
                    .help("The trainer on the cluster: jtune (this trainer, one node), llamafactory (torchrun) or "
                            + "trl (accelerate), across GPUs and nodes."),
            JobParameter.of("nodes", WHOLE, CLUSTER, 1, "N").range(closed(1, 4096)).unit("nodes")
                    .help("Nodes the cluster job uses (more than 1 needs --engine llamafactory or trl)."),
            JobParameter.of("gpus-per-node", WHOLE, CLUSTER, 0, "G").range(closed(0, 64)).unit("GPUs")
                    .zeroMeans("CPUs only").help("GPUs the cluster job asks for on each node."),
            JobParameter.of("time", TEXT, CLUSTER, null, "HH:MM:SS")
                    .help("The cluster job's time limit (default: the partition's)."));

    private static final Map<String, JobParameter> BY_NAME = index();

    private JobParameters() {
    }

    /** Every parameter, grouped in {@link ParameterGroup} order (the list is written in that order). */
    public static List<JobParameter> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(JobParameter::name).toList();
    }

    /** By name as typed: kebab or snake case, with or without leading dashes, any letter case. */
    public static Optional<JobParameter> find(String typed) {
        return Optional.ofNullable(BY_NAME.get(normalize(typed)));
    }

    public static JobParameter get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no job parameter " + name));
    }

    /** {@code --Batch_Size} → {@code batch-size}. */
    public static String normalize(String typed) {
        String k = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        while (k.startsWith("-")) {
            k = k.substring(1);
        }
        return k.replace('_', '-');
    }

    public static List<JobParameter> inGroup(ParameterGroup group) {
        return ALL.stream().filter(p -> p.group() == group).toList();
    }

    private static Map<String, JobParameter> index() {
        Map<String, JobParameter> m = new LinkedHashMap<>();
        for (JobParameter p : ALL) {
            if (m.put(p.name(), p) != null) {
                throw new IllegalStateException("job parameter " + p.name() + " is declared twice");
            }
        }
        return Map.copyOf(m);
    }

    private static Map<String, String> schedulerAliases() {
        Map<String, String> m = new LinkedHashMap<>();
        for (SchedulerType t : SchedulerType.values()) {
            m.put(t.transformersName(), t.flagName());
        }
        return m;
    }
}
