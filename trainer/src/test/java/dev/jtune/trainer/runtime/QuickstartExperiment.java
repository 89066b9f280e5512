package dev.jtune.trainer.runtime;

import dev.jtune.trainer.testing.TestData;

import ai.djl.Device;
import com.sun.management.OperatingSystemMXBean;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.tiny.TinyModel;
import dev.jtune.trainer.tiny.TinyModelConfig;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Tuning aid for the quickstart settings (not a test): trains a tiny variant on the intents and prints accuracy,
 * wall time and CPU time (the load-independent figure on a shared machine). Args: hidden layers heads kvHeads
 * intermediate, then %finetune flags.
 */
public final class QuickstartExperiment {

    public static void main(String[] args) throws Exception {
        TinyModelConfig p = TinyModelConfig.PRESET;
        TinyModelConfig c = new TinyModelConfig(p.vocabSize(), Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                p.maxPositionEmbeddings(), p.ropeTheta(), p.rmsNormEps(), p.tieWordEmbeddings(), p.initializerRange(),
                p.seed());
        Path datasets = TestData.datasets();
        Path ws = Files.createTempDirectory("qs-exp");
        Path base = TinyModel.materialize(ws.resolve("tiny"), c);
        Map<String, String> flags = QuickstartFlags.parse(String.join(" ", java.util.Arrays.copyOfRange(args, 5, args.length)));
        flags.put("base", base.toString());
        flags.put("name", "exp");
        flags.putIfAbsent("data", "intents");
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(datasets.resolve("intents-train.jsonl"), "intents", DatasetOptions.DEFAULT, 0);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (JTuneRuntime rt = JTuneRuntime.open(ws, catalog, Device.cpu())) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            JobStatus s = rt.jobs().start(JobConfig.fromFlags(flags)).await();
            double train = (System.nanoTime() - t0) / 1e9;
            double trainCpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            EvalReport r = rt.evaluate("exp", datasets.resolve("intents-test.jsonl").toString(), EvalMetric.EXACT, 0,
                    Evaluator.Progress.NONE);
            var m = rt.workspace().job("exp").metrics();
            System.out.printf(Locale.ROOT, "RESULT %s params=%d | %s | %s steps=%d loss=%.4f train %.0fs wall %.0fs cpu"
                            + " | eval %.0fs | exact %d/%d = %.3f%n", String.join(",", java.util.Arrays.copyOf(args, 5)),
                    c.parameterCount(), String.join(" ", java.util.Arrays.copyOfRange(args, 5, args.length)),
                    s.state().label(), s.step(), m.isEmpty() ? Double.NaN : m.get(m.size() - 1).loss(), train, trainCpu,
                    r.seconds(), r.correct(), r.total(), r.accuracy());
        }
    }
}
