package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.schedule.LearningRateSchedule;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code trainer_state.json} of a checkpoint: everything besides weights and optimizer state that a resume needs
 * to continue exactly where the job stopped (step, data position, schedule, early-stopping and log counters).
 *
 * @param epochIndex      epoch the next batch comes from (0-based)
 * @param batchIndex      index of the next micro-batch within that epoch
 * @param epoch           fractional epochs done, as logged
 * @param trainLoss       training loss of the last log window, for the checkpoint table
 * @param valLoss         validation loss at this step, when there is validation data
 * @param bestMetric      best early-stopping metric so far
 * @param bestValLoss     best validation loss so far and its step (the checkpoint kept by the save limit)
 * @param badEvaluations  evaluations since the metric last improved by more than the min delta
 * @param window          training steps since the last log step, not logged yet
 * @param seed            the job's seed (data order and LoRA init derive from it)
 * @param logHistory      every event up to this step
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainerState(long step, long totalSteps, int epochIndex, long batchIndex, double epoch,
                           long tokensSeen, double elapsedSeconds, Double trainLoss, Double valLoss,
                           Double bestMetric, Long bestMetricStep, Double bestValLoss, Long bestValLossStep,
                           int badEvaluations, LogWindow window, LearningRateSchedule schedule, long seed,
                           List<JobEvent> logHistory) {

    public static final String FILE = "trainer_state.json";

    /** Training steps accumulated since the last log step. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LogWindow(double lossSum, int steps, long tokens, double seconds) {
        public static final LogWindow EMPTY = new LogWindow(0, 0, 0, 0);
    }

    public void write(Path checkpointDir) throws IOException {
        AtomicFiles.write(checkpointDir.resolve(FILE), out -> StateJson.MAPPER.writeValue(out, this));
    }

    public static TrainerState read(Path checkpointDir) throws IOException {
        return StateJson.MAPPER.readValue(checkpointDir.resolve(FILE).toFile(), TrainerState.class);
    }
}
