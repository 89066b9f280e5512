package dev.jtune.magics.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.TrainingProgress;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.job.StepMetrics;

class TrainingWatcherTest {
    static JobStatus status(JobState state, long step, String message) {
        return new JobStatus(state, message, step, 100, step, null, null, null, null, null);
    }

    @Test
    void snapshotFollowsTheEvents() {
        TrainingWatcher watcher = new TrainingWatcher("j", 4);
        assertEquals("queued", watcher.snapshot().status());
        long v0 = watcher.version();
        watcher.started("j", 0, 100);
        watcher.progress("j", 10, 100, 2.5);
        assertTrue(watcher.version() > v0);
        TrainingProgress early = watcher.snapshot();
        assertEquals("running", early.status());
        assertEquals(2.5, early.loss());
        assertEquals(0.4, early.epoch(), 1e-9, "epoch moves with the steps before the first log");
        assertNull(early.learningRate());
        watcher.stepMetrics("j", new StepMetrics(20, 0.8, 1.5, 1e-3, 0.7, 5000, 900, 12));
        watcher.evaluated("j", new EvalMetrics(20, 0.8, 1.7));
        watcher.progress("j", 25, 100, 1.4);
        TrainingProgress later = watcher.snapshot();
        assertEquals(1.5, later.loss(), "the logged (window-mean) loss wins over a single step's");
        assertEquals(1.7, later.validationLoss());
        assertEquals(1e-3, later.learningRate());
        assertEquals(0.8 + 5 * 4 / 100.0, later.epoch(), 1e-9);
        assertEquals(900, later.tokensPerSecond());
        assertTrue(later.remaining() != null, "remaining time is extrapolated from the steps done");
        watcher.stopping();
        assertEquals("stopping", watcher.snapshot().status());
        watcher.stopped("j", status(JobState.STOPPED, 26, "stopped on request"));
        TrainingProgress end = watcher.snapshot();
        assertEquals("stopped", end.status());
        assertEquals("stopped on request", end.message());
        assertEquals(java.time.Duration.ZERO, end.remaining());
    }

    @Test
    void liveDisplayRedrawsOnlyOnChangeAndAddsTheChart() {
        TrainingWatcher watcher = new TrainingWatcher("j", 1);
        List<Bundle> frames = new ArrayList<>();
        LiveTrainingDisplay live = new LiveTrainingDisplay(watcher, frames::add);
        live.refresh(false);
        live.refresh(false);
        assertEquals(1, frames.size(), "nothing changed, nothing redrawn");
        assertFalse(frames.get(0).html().contains("data:image/png"), "no chart before the first log step");
        watcher.started("j", 0, 10);
        watcher.stepMetrics("j", new StepMetrics(1, 0.1, 3.0, 1e-3, 1, 100, 50, 1));
        live.refresh(false);
        assertEquals(2, frames.size());
        assertTrue(frames.get(1).html().contains("data:image/png;base64,"), "the first log point brings the chart");
        assertTrue(frames.get(1).text().contains("step 0 / 10"), frames.get(1).text());
        watcher.finished("j", status(JobState.SUCCEEDED, 10, null));
        live.refresh(true);
        assertTrue(frames.get(frames.size() - 1).text().contains("succeeded"));
    }
}
