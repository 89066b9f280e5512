package dev.jtune.magics.view;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jtune.magics.render.EvalScore;
import dev.jtune.trainer.cli.MetricWording;
import dev.jtune.trainer.eval.EvalMetric;
import dev.jtune.trainer.eval.EvalOutcome;
import dev.jtune.trainer.eval.EvalReport;
import dev.jtune.trainer.eval.LabelBreakdown;

/** Turns evaluation reports into score rows with their mismatches and per-label accuracy. */
public final class EvalViews {
    private EvalViews() {
    }

    public static EvalScore score(EvalReport report) {
        boolean generated = report.metrics().stream().anyMatch(EvalMetric::generates);
        boolean accuracy = report.metrics().stream().anyMatch(EvalMetric::isAccuracy);
        EvalMetric headline = report.metric();
        Map<String, String> others = new LinkedHashMap<>();
        for (EvalMetric m : report.metrics()) {
            if (!(accuracy && m == headline)) {
                others.put(m.label(), MetricWording.value(report, m));
            }
        }
        List<EvalScore.Mismatch> mismatches = accuracy ? report.mismatches().stream().map(EvalViews::mismatch).toList()
                : List.of();
        var breakdown = generated && accuracy ? LabelBreakdown.of(report.outcomes(), headline) : java.util.Optional.<LabelBreakdown>empty();
        List<EvalScore.LabelRow> labels = breakdown.map(b -> b.rows().stream()
                .map(r -> new EvalScore.LabelRow(r.label(), r.count(), r.correct())).toList()).orElse(List.of());
        List<EvalScore.Confusion> confusions = breakdown.map(b -> b.confusions().stream()
                .map(c -> new EvalScore.Confusion(c.expected(), c.got(), c.count())).toList()).orElse(List.of());
        return new EvalScore(report.model(), accuracy ? headline.label() : null, report.correct(), report.total(),
                others, mismatches, labels, confusions);
    }

    private static EvalScore.Mismatch mismatch(EvalOutcome outcome) {
        return new EvalScore.Mismatch(outcome.index() + 1, outcome.question(), outcome.expected(), outcome.output());
    }
}
