package dev.jtune.trainer.job;

import dev.jtune.trainer.engine.GradCheckpointing;
import dev.jtune.trainer.schedule.SchedulerType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The allowed range of every {@link JobConfig} value; messages name the flag, the value and the range. */
final class JobConfigValidator {

    private static final Pattern MODULE = Pattern.compile("[A-Za-z0-9_.-]+");

    private JobConfigValidator() {
    }

    static void validate(JobConfig c) {
        if (c.name() != null) {
            Names.check("job", c.name());
        }
        boolean continuing = c.resume() != null;
        if (c.resume() != null && c.initFrom() != null) {
            throw new IllegalArgumentException("--resume and --init-from exclude each other: --resume JOB continues "
                    + "that job with its optimizer state, --init-from JOB starts a new job from its weights");
        }
        if (!continuing && c.initFrom() == null && blank(c.base())) {
            throw new IllegalArgumentException("--base is missing: name a base model (tiny, a folder, a job, a "
                    + "published model or a hub id such as Qwen/Qwen2.5-0.5B-Instruct)");
        }
        if (!continuing && blank(c.data())) {
            throw new IllegalArgumentException("--data is missing: name a dataset loaded with %dataset load, or a file");
        }
        oneOf("method", c.method(), List.of(JobConfig.LORA, JobConfig.FULL));
        range("val-ratio", c.valRatio(), 0, true, 0.5, true);
        range("epochs", c.epochs(), 0, false, 1000, true);
        range("lr", c.lr(), 0, false, 1, true);
        intRange("batch-size", c.batchSize(), 1, 4096);
        intRange("grad-accum", c.gradAccum(), 1, 1024);
        intRange("max-seq-len", c.maxSeqLen(), 8, 1 << 20);
        SchedulerType type = SchedulerType.parse(c.scheduler());
        if (c.numCycles() != null) {
            range("num-cycles", c.numCycles(), 0, false, 1000, true);
        }
        range("power", c.power(), 0, false, 100, true);
        if (type == SchedulerType.POLYNOMIAL) {
            range("lr-end", c.lrEnd(), 0, true, c.lr(), false);
        } else {
            range("lr-end", c.lrEnd(), 0, true, 1, true);
        }
        range("warmup-ratio", c.warmupRatio(), 0, true, 1, false);
        intRange("warmup-steps", c.warmupSteps(), 0, Integer.MAX_VALUE);
        range("weight-decay", c.weightDecay(), 0, true, 1, true);
        range("max-grad-norm", c.maxGradNorm(), 0, true, 1e6, true);
        intRange("lora-r", c.loraR(), 1, 4096);
        range("lora-alpha", c.loraAlpha(), 0, false, 1e5, true);
        range("lora-dropout", c.loraDropout(), 0, true, 1, false);
        if (c.loraTargets() == null || c.loraTargets().isEmpty()) {
            throw new IllegalArgumentException("--lora-targets is empty: use all-linear or module names such as "
                    + "q_proj,k_proj,v_proj,o_proj");
        }
        for (String t : c.loraTargets()) {
            if (t == null || !MODULE.matcher(t).matches()) {
                throw new IllegalArgumentException("--lora-targets '" + t + "' is not a module name: use all-linear "
                        + "or names such as q_proj,v_proj");
            }
        }
        range("loraplus-ratio", c.loraplusRatio(), 0, false, 1000, true);
        oneOf("precision", c.precision(), List.of("auto", "fp32", "fp16", "bf16"));
        if ("bf16".equals(c.precision())) {
            throw new IllegalArgumentException("--precision bf16 is not supported: DJL 0.35's PyTorch engine has no "
                    + "bfloat16; use fp16 (GPU), fp32 or auto (bf16 checkpoints are still read, converted on load)");
        }
        GradCheckpointing.parse(c.gradCheckpointing());
        intRange("save-steps", c.saveSteps(), 0, Integer.MAX_VALUE);
        intRange("save-limit", c.saveLimit(), 0, 100000);
        intRange("log-steps", c.logSteps(), 1, Integer.MAX_VALUE);
        intRange("eval-steps", c.evalSteps(), 0, Integer.MAX_VALUE);
        intRange("early-stop-patience", c.earlyStopPatience(), 0, 100000);
        range("early-stop-delta", c.earlyStopDelta(), 0, true, 1e6, true);
        oneOf("early-stop-metric", c.earlyStopMetric(), List.of("val_loss", "train_loss"));
        if (c.earlyStopPatience() > 0 && "val_loss".equals(c.earlyStopMetric()) && c.val() == null
                && c.valRatio() == 0) {
            throw new IllegalArgumentException("--early-stop-patience " + c.earlyStopPatience() + " watches the "
                    + "validation loss, but there is no validation data: set --val NAME or --val-ratio (e.g. 0.1), "
                    + "or --early-stop-metric train_loss");
        }
        intRange("max-samples", c.maxSamples(), 0, Integer.MAX_VALUE);
        intRange("max-steps", c.maxSteps(), 0, Integer.MAX_VALUE);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void oneOf(String flag, String value, List<String> choices) {
        if (value == null || !Set.copyOf(choices).contains(value)) {
            throw new IllegalArgumentException("--" + flag + " " + value + ": choose one of "
                    + String.join(", ", choices));
        }
    }

    private static void range(String flag, double v, double lo, boolean loIncl, double hi, boolean hiIncl) {
        boolean ok = !Double.isNaN(v) && (loIncl ? v >= lo : v > lo) && (hiIncl ? v <= hi : v < hi);
        if (!ok) {
            throw new IllegalArgumentException("--" + flag + " " + format(v) + " is out of range: use a value in "
                    + (loIncl ? "[" : "(") + format(lo) + ", " + format(hi) + (hiIncl ? "]" : ")"));
        }
    }

    private static void intRange(String flag, long v, long lo, long hi) {
        if (v < lo || v > hi) {
            throw new IllegalArgumentException("--" + flag + " " + v + " is out of range: use a whole number "
                    + (hi == Integer.MAX_VALUE ? ">= " + lo : "from " + lo + " to " + hi));
        }
    }

    /** 5.0 → "5", 2e-4 → "0.0002", 1e-7 → "1.0E-7". */
    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        String plain = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return plain.length() <= 10 ? plain : String.valueOf(v);
    }
}
