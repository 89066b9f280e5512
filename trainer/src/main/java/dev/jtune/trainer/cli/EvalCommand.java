package dev.jtune.trainer.cli;

import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalOutcome;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.EvalSet;
import dev.jtune.trainer.eval.Evaluator;
import dev.jtune.trainer.runtime.JTuneRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a model on --data (its held-out split when it has one): generate each last assistant "
                + "turn greedily and compare it with the expected one, or score the expected turns (loss).")
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
        try (JTuneRuntime rt = workspace.open()) {
            EvalSet set = rt.evalSet(options.data(), options.split());
            EvalReport r = rt.evaluate(model, set, options.metrics(), options.limit(), Evaluator.Progress.NONE);
            r.mismatches().stream().limit(misses).forEach((EvalOutcome o) -> System.out.printf(Locale.ROOT,
                    "miss: %s%n  expected: %s%n  got:      %s%n", o.question(), o.expected(), o.output()));
            System.out.printf(Locale.ROOT, "%s on %s (%.1f s):%n", model,
                    set.description(options.limit()), r.seconds());
            for (EvalMetric m : r.metrics()) {
                System.out.println("  " + MetricWording.line(r, m));
            }
            rt.saveEvaluation(model, set, r).ifPresent(f -> System.out.println("saved " + f));
            return 0;
        }
    }
}
