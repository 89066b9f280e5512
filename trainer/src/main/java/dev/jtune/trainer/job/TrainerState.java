package dev.jtune.trainer.job;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.schedule.LearningRateSchedule;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The training loop's state, and what {@code trainer_state.json} in every checkpoint holds: everything besides
 * weights and optimizer state that a resume needs to continue exactly where the job stopped (step, data position,
 * early-stopping and log counters). The loop changes it in place, and a checkpoint writes it as it is, so what is
 * saved cannot drift from what the loop keeps.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class TrainerState {

    public static final String FILE = "trainer_state.json";

    /** Optimizer steps done. */
    private long step;
    private long totalSteps;
    /** Epoch the next batch comes from (0-based) and the index of the next micro-batch within it. */
    private int epochIndex;
    private long batchIndex;
    /** Fractional epochs done, as logged. */
    private double epoch;
    private long tokensSeen;
    private double elapsedSeconds;
    /** Training loss of the last log window, and the validation loss at the last evaluation. */
    private Double trainLoss;
    private Double valLoss;
    /** Best early-stopping metric so far and its step. */
    private Double bestMetric;
    private Long bestMetricStep;
    /** Best validation loss so far and its step (the checkpoint the save limit keeps). */
    private Double bestValLoss;
    private Long bestValLossStep;
    /** Checks since the metric last improved by more than the min delta. */
    private int badEvaluations;
    /** Training steps since the last log step, not logged yet. */
    private LogWindow window = LogWindow.EMPTY;
    private LearningRateSchedule schedule;
    /** The job's seed (data order and LoRA init derive from it). */
    private long seed;
    /** Every event up to this step. */
    private List<JobEvent> logHistory;

    /** Training steps accumulated since the last log step. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LogWindow(double lossSum, int steps, long tokens, double seconds) {
        public static final LogWindow EMPTY = new LogWindow(0, 0, 0, 0);

        LogWindow plus(double loss, long stepTokens, double stepSeconds) {
            return new LogWindow(lossSum + loss, steps + 1, tokens + stepTokens, seconds + stepSeconds);
        }

        double meanLoss() {
            return lossSum / steps;
        }

        double tokensPerSecond() {
            return seconds > 0 ? tokens / seconds : 0;
        }
    }

    private TrainerState() {
    }

    /** The state of a job that has not trained yet. */
    static TrainerState start(long totalSteps, LearningRateSchedule schedule, long seed) {
        TrainerState s = new TrainerState();
        s.totalSteps = totalSteps;
        s.schedule = schedule;
        s.seed = seed;
        return s;
    }

    public void write(Path checkpointDir) throws IOException {
        AtomicFiles.write(checkpointDir.resolve(FILE), out -> StateJson.MAPPER.writeValue(out, this));
    }

    public static TrainerState read(Path checkpointDir) throws IOException {
        TrainerState s = StateJson.MAPPER.readValue(checkpointDir.resolve(FILE).toFile(), TrainerState.class);
        if (s.window == null) {
            s.window = LogWindow.EMPTY;
        }
        return s;
    }

    // ---- what the loop does to it

    /** Moves to the next epoch when this one's micro-batches are used up; returns the micro-batches left in it. */
    long batchesLeftInEpoch(long perEpoch) {
        if (batchIndex >= perEpoch) {
            epochIndex++;
            batchIndex = 0;
        }
        return perEpoch - batchIndex;
    }

    void consumed(long microBatches) {
        batchIndex += microBatches;
    }

    /** One optimizer step done, with its loss, tokens and time. */
    void stepped(double loss, long tokens, double seconds) {
        step++;
        tokensSeen += tokens;
        window = window.plus(loss, tokens, seconds);
    }

    /** Ends the log window: its mean loss becomes the training loss. */
    LogWindow closeWindow() {
        LogWindow closed = window;
        trainLoss = closed.meanLoss();
        window = LogWindow.EMPTY;
        return closed;
    }

    void evaluated(double validationLoss) {
        valLoss = validationLoss;
        if (bestValLoss == null || validationLoss < bestValLoss) {
            bestValLoss = validationLoss;
            bestValLossStep = step;
        }
    }

    /** @return true when {@code patience} checks in a row did not improve the metric by more than {@code delta} */
    boolean patienceRunsOut(double metric, double delta, int patience) {
        if (bestMetric == null || metric < bestMetric - delta) {
            bestMetric = metric;
            bestMetricStep = step;
            badEvaluations = 0;
            return false;
        }
        badEvaluations++;
        return patience > 0 && badEvaluations >= patience;
    }

    /** Before a checkpoint: the fractional epoch, the time trained so far and the events. */
    void settle(long perEpoch, double elapsed, List<JobEvent> events) {
        epoch = epochIndex + (double) batchIndex / perEpoch;
        elapsedSeconds = elapsed;
        logHistory = List.copyOf(events);
    }

    double epoch(long perEpoch) {
        return epochIndex + (double) batchIndex / perEpoch;
    }

    // ---- reading it

    public long step() {
        return step;
    }

    public long totalSteps() {
        return totalSteps;
    }

    public int epochIndex() {
        return epochIndex;
    }

    public long batchIndex() {
        return batchIndex;
    }

    public double epoch() {
        return epoch;
    }

    public long tokensSeen() {
        return tokensSeen;
    }

    public double elapsedSeconds() {
        return elapsedSeconds;
    }

    public Double trainLoss() {
        return trainLoss;
    }

    public Double valLoss() {
        return valLoss;
    }

    public Double bestMetric() {
        return bestMetric;
    }

    public Long bestMetricStep() {
        return bestMetricStep;
    }

    public Double bestValLoss() {
        return bestValLoss;
    }

    public Long bestValLossStep() {
        return bestValLossStep;
    }

    public int badEvaluations() {
        return badEvaluations;
    }

    public LogWindow window() {
        return window;
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    public long seed() {
        return seed;
    }

    public List<JobEvent> logHistory() {
        return logHistory;
    }
}
