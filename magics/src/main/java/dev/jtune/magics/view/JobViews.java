package dev.jtune.magics.view;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.jtune.magics.chart.LossChart;
import dev.jtune.magics.chart.LossSeries;
import dev.jtune.magics.chart.Point;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.Cell;
import dev.jtune.magics.render.CheckpointRow;
import dev.jtune.magics.render.CheckpointsView;
import dev.jtune.magics.render.Formats;
import dev.jtune.magics.render.JobRow;
import dev.jtune.magics.render.Table;
import dev.jtune.magics.render.TableRenderer;
import dev.jtune.trainer.eval.EvalResultFile;
import dev.jtune.trainer.job.Checkpoint;
import dev.jtune.trainer.job.DamagedCheckpoint;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.Job;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;

/** Turns job folders into list rows, checkpoint rows, loss curves and the per-job detail. */
public final class JobViews {
    private JobViews() {
    }

    public static JobRow row(Job job) {
        JobStatus status = job.status();
        java.util.Optional<String> damage = job.damage();
        if (damage.isPresent()) {
            return new JobRow(job.name(), "?", "?", "damaged", status.step(), status.totalSteps(), 0, null, null,
                    damage.get());
        }
        JobConfig config = job.config();
        List<StepMetrics> metrics = job.metrics();
        StepMetrics last = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
        Double best = job.evaluations().stream().map(EvalMetrics::valLoss).min(Double::compare).orElse(null);
        String where = dev.jtune.trainer.cluster.ClusterJobRecord.of(job)
                .map(r -> r.cluster() + ", Slurm " + r.schedulerId()).orElse(null);
        return new JobRow(job.name(), config.base(), config.trainsPreferences() ? config.method() + ", dpo" : config.method(),
                status.state().label(), status.step(), status.totalSteps(),
                last == null ? 0 : last.tokens(), last == null ? null : Duration.ofMillis(Math.round(last.elapsedSeconds() * 1000)),
                best, null, config.trainsPreferences() ? lastPreferenceAccuracy(job) : null, where);
    }

    /**
     * The newest logged preference accuracy of a DPO job: on the validation pairs when it has them, else on the
     * training pairs of the last log step; null before any was logged.
     */
    static Double lastPreferenceAccuracy(Job job) {
        String name = dev.jtune.trainer.preference.PreferenceMetrics.ACCURACY;
        List<EvalMetrics> evals = job.evaluations();
        for (int i = evals.size() - 1; i >= 0; i--) {
            Double v = evals.get(i).metrics().get(EvalMetrics.PREFIX + name);
            if (v != null) {
                return v;
            }
        }
        List<StepMetrics> logs = job.metrics();
        for (int i = logs.size() - 1; i >= 0; i--) {
            Double v = logs.get(i).metrics().get(name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * {@code %loss JOB --metric NAME}: a logged metric (e.g. {@code rewards/margins}) in the loss chart's place, its
     * validation values ({@code eval_NAME}) as the dashed points.
     */
    public static LossSeries metricSeries(Job job, String metric) {
        List<Point> train = job.metrics().stream().filter(m -> m.metrics().containsKey(metric))
                .map(m -> new Point(m.step(), m.metrics().get(metric))).toList();
        List<Point> validation = job.evaluations().stream().filter(e -> e.metrics().containsKey(EvalMetrics.PREFIX + metric))
                .map(e -> new Point(e.step(), e.metrics().get(EvalMetrics.PREFIX + metric))).toList();
        return new LossSeries(job.name(), train, validation, List.of());
    }

    /** Every metric name a job logged besides the loss (for the error that names the choices). */
    public static java.util.Set<String> loggedMetrics(Job job) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        job.metrics().forEach(m -> names.addAll(m.metrics().keySet()));
        return names;
    }

    public static List<CheckpointRow> checkpoints(Job job) {
        List<CheckpointRow> rows = new ArrayList<>();
        for (Checkpoint checkpoint : job.checkpoints()) {
            rows.add(new CheckpointRow(checkpoint.step(), checkpoint.trainLoss(), checkpoint.valLoss(), shortPath(checkpoint.path()),
                    checkpoint.best()));
        }
        for (DamagedCheckpoint damaged : job.damagedCheckpoints()) {
            rows.add(new CheckpointRow(damaged.step(), null, null, shortPath(damaged.path()), false, damaged.reason()));
        }
        rows.sort(java.util.Comparator.comparingLong(CheckpointRow::step));
        return rows;
    }

    public static Bundle checkpointTable(Job job) {
        return CheckpointsView.render(job.name(), checkpoints(job));
    }

    public static LossSeries lossSeries(Job job) {
        List<StepMetrics> metrics = job.metrics();
        return lossSeries(job.name(), metrics, job.evaluations());
    }

    public static LossSeries lossSeries(String name, List<StepMetrics> metrics, List<EvalMetrics> evaluations) {
        List<Point> train = metrics.stream().map(m -> new Point(m.step(), m.loss())).toList();
        List<Point> lr = metrics.stream().map(m -> new Point(m.step(), m.lr())).toList();
        List<Point> validation = evaluations.stream().map(e -> new Point(e.step(), e.valLoss())).toList();
        return new LossSeries(name, train, validation, lr);
    }

    /** The loss chart as a bundle whose text says where the loss went. */
    public static Bundle lossChart(List<LossSeries> series, LossChart.Options options) {
        String quantity = options.metric() == null ? "loss" : options.metric();
        StringBuilder text = new StringBuilder();
        for (LossSeries s : series) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(s.job()).append(": ");
            if (s.train().isEmpty()) {
                text.append("no steps logged yet");
            } else {
                Point first = s.train().get(0);
                Point last = s.train().get(s.train().size() - 1);
                text.append("training ").append(quantity).append(' ').append(Formats.loss(first.value())).append(" at step ")
                        .append(first.step()).append(" → ").append(Formats.loss(last.value())).append(" at step ").append(last.step());
            }
            if (options.metric() == null) {
                s.validation().stream().min((a, b) -> Double.compare(a.value(), b.value())).ifPresent(best -> text
                        .append("; best validation loss ").append(Formats.loss(best.value())).append(" at step ").append(best.step()));
            } else if (!s.validation().isEmpty()) {
                Point last = s.validation().get(s.validation().size() - 1);
                text.append("; validation ").append(quantity).append(' ').append(Formats.loss(last.value())).append(" at step ")
                        .append(last.step());
            }
        }
        return Bundle.png(text.toString(), LossChart.png(series, options));
    }

    /** {@code %jobs show}: status, parameters and checkpoints of one job. */
    public static Bundle detail(Job job) {
        JobStatus status = job.status();
        JobRow row = row(job);
        Table.Builder table = Table.builder("Job " + job.name(), "", "");
        table.row(Cell.text("status"), Cell.text(status.state().label()).strong());
        if (status.message() != null) {
            table.row(Cell.text("message"), Cell.text(status.message()));
        }
        table.row(Cell.text("progress"), Cell.text(Formats.count(status.step()) + " / " + Formats.count(status.totalSteps()) + " steps"));
        table.row(Cell.text("tokens"), Cell.text(Formats.compact(row.tokens())));
        table.row(Cell.text("training time"), Cell.text(Formats.duration(row.duration())));
        table.row(Cell.text("best validation loss"), Cell.text(Formats.loss(row.bestValidationLoss())));
        table.row(Cell.text("started"), Cell.text(Optional.ofNullable(status.startedAt()).orElse("–")));
        table.row(Cell.text("finished"), Cell.text(Optional.ofNullable(status.finishedAt()).orElse("–")));
        table.row(Cell.text("folder"), Cell.text(shortPath(job.dir())));
        java.util.Optional<String> damage = job.damage();
        if (damage.isPresent()) {
            table.row(Cell.text("damaged"), Cell.text(damage.get()));
            return TableRenderer.bundle(table.build()).then(checkpointTable(job));
        }
        Bundle detail = TableRenderer.bundle(table.build()).then(Parameters.table(job.name(), job.config(), null))
                .then(checkpointTable(job));
        List<EvalResultFile.Saved> evaluations = EvalResultFile.list(job.dir());
        return evaluations.isEmpty() ? detail : detail.then(evaluationTable(job.name(), evaluations));
    }

    /** The %eval results kept with the job, one row per dataset split. */
    static Bundle evaluationTable(String job, List<EvalResultFile.Saved> evaluations) {
        Table.Builder t = Table.builder("Evaluations of " + job, "file", "model", "dataset", "split", "examples",
                "scores", "date");
        for (EvalResultFile.Saved e : evaluations) {
            List<String> scores = new java.util.ArrayList<>();
            e.scores().forEach((metric, v) -> scores.add(metric + " " + (metric.equals("exact") || metric.equals("contains")
                    ? Formats.percent(v) : Formats.decimal(v, 4))));
            t.row(Cell.text(e.file()), Cell.text(e.model()), Cell.text(e.dataset()), Cell.text(e.split()),
                    Cell.number(Integer.toString(e.examples())), Cell.text(String.join(", ", scores)), Cell.text(e.date()));
        }
        return TableRenderer.bundle(t.build());
    }

    static String shortPath(Path path) {
        return DatasetViews.source(path);
    }
}
