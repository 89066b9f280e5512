package dev.jtune.magics.live;

import java.util.List;

import dev.jtune.magics.chart.LossChart;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.ProgressView;
import dev.jtune.magics.view.JobViews;

/**
 * Draws a watched job as one live output: the progress line at every change, and the loss chart below it
 * redrawn every few log steps (a PNG per update would flood the notebook with images otherwise).
 */
public final class LiveTrainingDisplay {
    /** Redraw the chart after this many new log points... */
    static final int CHART_EVERY_LOG_POINTS = 3;
    /** ...and not more often than this. */
    static final long CHART_MIN_NANOS = 2_000_000_000L;

    private final TrainingWatcher watcher;
    private final java.util.function.Consumer<Bundle> show;
    private long drawnVersion = -1;
    private int chartPoints = -1;
    private long chartNanos;
    private Bundle chart;

    /** @param show replaces the live output with a new bundle (a display handle's update) */
    public LiveTrainingDisplay(TrainingWatcher watcher, java.util.function.Consumer<Bundle> show) {
        this.watcher = watcher;
        this.show = show;
    }

    /** Redraws when something changed; {@code force} also redraws the chart (the last frame). */
    public synchronized void refresh(boolean force) {
        long version = watcher.version();
        if (version == drawnVersion && !force) {
            return;
        }
        drawnVersion = version;
        int points = watcher.metrics().size();
        long now = System.nanoTime();
        boolean chartDue = points > 0 && (force || chart == null
                || (points - chartPoints >= CHART_EVERY_LOG_POINTS && now - chartNanos >= CHART_MIN_NANOS));
        if (chartDue && points != chartPoints) {
            chart = JobViews.lossChart(List.of(JobViews.lossSeries(watcher.snapshot().job(), watcher.metrics(), watcher.evaluations())),
                    new LossChart.Options(true, false, 1));
            chartPoints = points;
            chartNanos = now;
        }
        Bundle progress = ProgressView.render(watcher.snapshot());
        show.accept(chart == null ? progress : progress.then(chart));
    }
}
