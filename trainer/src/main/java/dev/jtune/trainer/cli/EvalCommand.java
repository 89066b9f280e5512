package dev.jtune.trainer.cli;

import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalOutcome;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Generate the last assistant turn of each conversation in --data and score it (greedy).")
final class EvalCommand implements Callable<Integer> {

    @Mixin
    WorkspaceOption workspace;

    @Parameters(index = "0", paramLabel = "MODEL", description = "tiny, a folder, JOB, JOB:STEP, a published name or a hub id.")
    String model;

    @Mixin
    EvalOptions options;

    @Option(names = "--show-misses", defaultValue = "10", description = "How many mismatches to print.")
    int misses;

    @Override
    public Integer call() throws Exception {
        EvalMetric m = options.metric();
        try (JTuneRuntime rt = workspace.open()) {
            EvalReport r = rt.evaluate(model, options.data(), m, options.limit(), Evaluator.Progress.NONE);
            r.mismatches().stream().limit(misses).forEach((EvalOutcome o) -> System.out.printf(Locale.ROOT,
                    "miss: %s%n  expected: %s%n  got:      %s%n", o.question(), o.expected(), o.output()));
            System.out.printf(Locale.ROOT, "%s on %s: %s %d/%d = %.1f%% (contains %.1f%%) in %.1f s%n", model,
                    options.data(), m.label(), r.correct(), r.total(), 100 * r.accuracy(),
                    100 * r.accuracy(EvalMetric.CONTAINS), r.seconds());
            return 0;
        }
    }
}
