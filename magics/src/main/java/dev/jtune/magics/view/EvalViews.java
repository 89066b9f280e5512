package dev.jtune.magics.view;

import java.util.List;

import dev.jtune.magics.render.EvalScore;
import dev.jtune.trainer.eval.EvalOutcome;
import dev.jtune.trainer.eval.EvalReport;

/** Turns evaluation reports into accuracy rows with their mismatches. */
public final class EvalViews {
    private EvalViews() {
    }

    public static EvalScore score(EvalReport report) {
        List<EvalScore.Mismatch> mismatches = report.mismatches().stream()
                .map(EvalViews::mismatch).toList();
        return new EvalScore(report.model(), report.metric().label(), report.correct(), report.total(), mismatches);
    }

    private static EvalScore.Mismatch mismatch(EvalOutcome outcome) {
        return new EvalScore.Mismatch(outcome.index() + 1, outcome.question(), outcome.expected(), outcome.output());
    }
}
