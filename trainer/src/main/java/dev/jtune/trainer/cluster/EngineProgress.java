package dev.jtune.trainer.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.job.EvalMetrics;
import dev.jtune.trainer.job.JobEvent;
import dev.jtune.trainer.job.StepMetrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How far an external engine got, read from its own files: LLaMA-Factory's {@code trainer_log.jsonl} (one line per
 * log step: current_steps, total_steps, loss, eval_loss, lr, epoch, elapsed_time, total_tokens; written by its
 * LogCallback.on_log) or transformers' {@code trainer_state.json} (global_step, max_steps and log_history, whose
 * entries carry loss/learning_rate/grad_norm/epoch/step, or eval_loss).
 */
public record EngineProgress(long step, long totalSteps, List<JobEvent> events) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final EngineProgress NONE = new EngineProgress(0, 0, List.of());

    /** LLaMA-Factory's trainer_log.jsonl; a torn last line (written while we read) is skipped. */
    public static EngineProgress fromTrainerLog(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        List<JobEvent> events = new ArrayList<>();
        long step = 0;
        long total = 0;
        for (String line : Files.readAllLines(file)) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException torn) {
                continue;
            }
            if (n == null || !n.has("current_steps")) {
                continue;
            }
            step = n.path("current_steps").asLong();
            total = n.path("total_steps").asLong(total);
            double epoch = n.path("epoch").asDouble(0);
            if (n.has("loss")) {
                events.add(new StepMetrics(step, epoch, n.path("loss").asDouble(), n.path("lr").asDouble(0), 0,
                        n.path("total_tokens").asLong(0), n.path("throughput").asDouble(0),
                        seconds(n.path("elapsed_time").asText(""))));
            }
            if (n.has("eval_loss")) {
                events.add(new EvalMetrics(step, epoch, n.path("eval_loss").asDouble()));
            }
        }
        return new EngineProgress(step, total, List.copyOf(events));
    }

    /** transformers' trainer_state.json (in every checkpoint-N folder). */
    public static EngineProgress fromTrainerState(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        JsonNode state = JSON.readTree(file.toFile());
        List<JobEvent> events = new ArrayList<>();
        for (JsonNode e : state.path("log_history")) {
            long step = e.path("step").asLong();
            double epoch = e.path("epoch").asDouble(0);
            if (e.has("loss")) {
                events.add(new StepMetrics(step, epoch, e.path("loss").asDouble(), e.path("learning_rate").asDouble(0),
                        e.path("grad_norm").asDouble(0), e.path("num_tokens").asLong(0), 0, 0));
            } else if (e.has("eval_loss")) {
                events.add(new EvalMetrics(step, epoch, e.path("eval_loss").asDouble()));
            }
        }
        return new EngineProgress(state.path("global_step").asLong(), state.path("max_steps").asLong(),
                List.copyOf(events));
    }

    /** {@code H:MM:SS} (Python's str(timedelta)), possibly with days ({@code 1 day, 2:03:04}). */
    static double seconds(String elapsed) {
        String s = elapsed.strip();
        double days = 0;
        int comma = s.indexOf(',');
        if (comma > 0) {
            days = Double.parseDouble(s.substring(0, s.indexOf(' ')));
            s = s.substring(comma + 1).strip();
        }
        String[] parts = s.split(":");
        if (parts.length != 3) {
            return 0;
        }
        return days * 86400 + Integer.parseInt(parts[0]) * 3600 + Integer.parseInt(parts[1]) * 60
                + Double.parseDouble(parts[2]);
    }
}
