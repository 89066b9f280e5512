package dev.jtune.trainer.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.engine.Devices;
import dev.jtune.trainer.engine.DjlFineTuner;
import dev.jtune.trainer.engine.FineTuneSpec;
import dev.jtune.trainer.engine.GradCheckpointing;
import dev.jtune.trainer.engine.StepResult;
import dev.jtune.trainer.model.ModelConfig;
import dev.jtune.trainer.runtime.CpuThreads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Training throughput of the engine: N LoRA (or full) steps on random weights and random tokens, printing
 * tokens/s, step time and peak memory. Measures; asserts nothing.
 */
@Command(name = "jtune-bench", mixinStandardHelpOptions = true,
        description = "Times training steps of the JTune engine on random weights.")
public final class TrainBenchmark implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, defaultValue = "tiny",
            description = "preset (tiny, qwen2.5-0.5b, llama3.2-1b) or a config.json path; default ${DEFAULT-VALUE}")
    String model;

    @Option(names = {"-b", "--batch"}, defaultValue = "8", description = "rows per step; default ${DEFAULT-VALUE}")
    int batch;

    @Option(names = {"-t", "--seq"}, defaultValue = "128", description = "tokens per row; default ${DEFAULT-VALUE}")
    int seq;

    @Option(names = {"-n", "--steps"}, defaultValue = "10", description = "timed steps; default ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--warmup", defaultValue = "2", description = "untimed steps first; default ${DEFAULT-VALUE}")
    int warmup;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N")
    String device;

    @Option(names = "--precision", description = "fp32 or fp16 (default: fp16 on GPU, fp32 on CPU)")
    String precision;

    @Option(names = {"-r", "--rank"}, defaultValue = "16", description = "LoRA rank; default ${DEFAULT-VALUE}")
    int rank;

    @Option(names = "--full", description = "full fine-tuning instead of LoRA")
    boolean full;

    @Option(names = "--grad-checkpointing", defaultValue = "auto", converter = GradCheckpointingConverter.class,
            description = "activation recompute: auto, on or off; default ${DEFAULT-VALUE}")
    GradCheckpointing gradCheckpointing;

    @Option(names = "--threads", description = "PyTorch intra-op threads (default: as jobs run, 1 unless JTUNE_CPU_THREADS says otherwise)")
    Integer threads;

    @Option(names = "--print-config", description = "print the model's config.json and exit (for the PEFT side of bench/compare.sh)")
    boolean printConfig;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (printConfig) {
            System.out.println(ModelPresets.resolve(model).toJson());
            return 0;
        }
        if (threads != null) {
            Devices.cpuThreads(threads);
        } else {
            // Measure what a job gets: with DJL's default two spinning OpenMP threads the figures mislead.
            CpuThreads.configure();
        }
        ModelConfig config = ModelPresets.resolve(model);
        Device dev = Devices.parse(device);
        FineTuneSpec.Precision p = precision == null ? (dev.isGpu() ? FineTuneSpec.Precision.FP16
                : FineTuneSpec.Precision.FP32) : FineTuneSpec.Precision.valueOf(precision.toUpperCase());
        FineTuneSpec d = FineTuneSpec.loraDefaults();
        FineTuneSpec spec = new FineTuneSpec(full ? FineTuneSpec.Method.FULL : FineTuneSpec.Method.LORA, rank,
                2.0 * rank, 0.0, List.of("all-linear"), false, 1.0, 0.0, d.beta1(), d.beta2(), d.epsilon(),
                1.0, p, 42, gradCheckpointing);
        System.out.printf("engine: DJL PyTorch %s, %d intra-op thread(s)%n", Engine.getEngine("PyTorch").getVersion(),
                JniUtils.getNumThreads());
        System.out.printf("model %s (%s, %d layers, hidden %d, vocab %d), %s, %s, batch %d x %d tokens%n", model,
                config.modelType(), config.numLayers(), config.hiddenSize(), config.vocabSize(), dev, p, batch, seq);
        Batch data = randomBatch(config.vocabSize(), batch, seq, new Random(1));
        try (DjlFineTuner tuner = DjlFineTuner.random(config, spec, dev, 7)) {
            System.out.printf("parameters: %,d total, %,d trainable%n", tuner.totalParameters(),
                    tuner.trainableParameters());
            System.out.printf("memory after loading: %s%n", memory(dev, "VmRSS:"));
            System.out.printf("activation recompute: %s%n", tuner.recomputeDecision(batch, seq).describe());
            for (int i = 0; i < warmup; i++) {
                tuner.step(List.of(data), 1e-4);
            }
            double[] times = new double[steps];
            double[] cpu = new double[steps];
            double loss = 0;
            for (int i = 0; i < steps; i++) {
                long start = System.nanoTime();
                long cpuStart = processCpuNanos();
                StepResult r = tuner.step(List.of(data), 1e-4);
                times[i] = (System.nanoTime() - start) / 1e9;
                cpu[i] = (processCpuNanos() - cpuStart) / 1e9;
                loss = r.loss();
            }
            double[] sorted = times.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(times).average().orElse(Double.NaN);
            double median = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
            long tokens = (long) batch * seq;
            System.out.printf("step time: mean %.1f ms, median %.1f ms, min %.1f ms (last loss %.4f)%n",
                    mean * 1e3, median * 1e3, sorted.length == 0 ? Double.NaN : sorted[0] * 1e3, loss);
            System.out.printf("throughput: %.1f tokens/s (median step)%n", tokens / median);
            // Process CPU time: what a step costs when other processes share the cores and stretch wall time.
            // Summed over the timed steps: the JVM reads it in clock ticks (10 ms), too coarse for one step.
            System.out.printf("cpu throughput: %.1f tokens per CPU-second (timed steps together)%n",
                    tokens * steps / Arrays.stream(cpu).sum());
            long evalStart = System.nanoTime();
            tuner.evaluate(data);
            System.out.printf("forward only (no grad): %.1f ms%n", (System.nanoTime() - evalStart) / 1e6);
            System.out.printf("peak memory: %s%n", memory(dev, "VmHWM:"));
        }
        return 0;
    }

    /** CPU time of the whole process (all threads: torch's, the JIT's and the collector's). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static Batch randomBatch(int vocab, int rows, int t, Random random) {
        int[][] ids = new int[rows][t];
        float[][] weights = new float[rows][t];
        int[][] pos = new int[rows][t];
        int[][] seg = new int[rows][t];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                ids[r][i] = random.nextInt(vocab);
                weights[r][i] = 1f;
                pos[r][i] = i;
                seg[r][i] = 1;
            }
        }
        return new Batch(ids, weights, pos, seg);
    }

    /** CPU: the process's RSS (VmRSS) or peak RSS (VmHWM); GPU: memory in use on the device as well. */
    private static String memory(Device dev, String statusField) {
        String rss = "process " + (statusField.equals("VmHWM:") ? "peak RSS " : "RSS ") + statusKb(statusField)
                + String.format(" (of which JVM heap committed %.2f GiB)",
                Runtime.getRuntime().totalMemory() / (double) (1L << 30));
        return dev.isGpu() ? rss + ", GPU in use " + gpuMemory(dev) : rss;
    }

    private static String statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.2f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
        return "unknown";
    }

    /** Picocli converter: the setting's own parser, so a bad value names the choices. */
    static final class GradCheckpointingConverter implements CommandLine.ITypeConverter<GradCheckpointing> {
        @Override
        public GradCheckpointing convert(String value) {
            try {
                return GradCheckpointing.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private static String gpuMemory(Device dev) {
        try {
            var usage = CudaUtils.getGpuMemory(dev);
            return String.format("%.2f GiB", usage.getCommitted() / 1024.0 / 1024.0 / 1024.0);
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
