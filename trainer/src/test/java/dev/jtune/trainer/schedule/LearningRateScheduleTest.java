package dev.jtune.trainer.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRateScheduleTest {

    static List<Path> fixtures() {
        return TestData.fixtureFolders();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesTransformersSchedulers(Path fixture) throws Exception {
        JsonNode s = new ObjectMapper().readTree(fixture.resolve("reference.json").toFile()).get("schedulers");
        double baseLr = s.get("base_lr").asDouble();
        long warmup = s.get("warmup_steps").asLong();
        long total = s.get("training_steps").asLong();
        Iterator<Map.Entry<String, JsonNode>> it = s.get("by_name").fields();
        assertTrue(it.hasNext());
        int checked = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode kwargs = e.getValue().get("kwargs");
            SchedulerType type = SchedulerType.parse(e.getKey());
            double cycles = kwargs.path("num_cycles").asDouble(type == SchedulerType.COSINE ? 0.5 : 1.0);
            LearningRateSchedule schedule = new LearningRateSchedule(type, baseLr, warmup, total, cycles,
                    kwargs.path("lr_end").asDouble(1e-7), kwargs.path("power").asDouble(1.0));
            JsonNode lrs = e.getValue().get("lrs");
            assertFalse(lrs.isEmpty());
            for (int step = 0; step < lrs.size(); step++) {
                double expected = lrs.get(step).asDouble();
                double actual = schedule.learningRate(step);
                assertEquals(expected, actual, Math.abs(expected) * 1e-9,
                        e.getKey() + " at step " + step + " in " + fixture.getFileName());
                checked++;
            }
        }
        assertEquals(6 * 100, checked);
    }

    @Test
    void unknownNameListsChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchedulerType.parse("foo"));
        assertEquals("--scheduler foo: choose one of linear, cosine, cosine-restarts, polynomial, constant, "
                + "constant-warmup", e.getMessage());
    }

    @Test
    void warmupRatioRoundsUpLikeTransformers() {
        assertEquals(3, LearningRateSchedule.warmupSteps(0, 0.05, 50));
        assertEquals(7, LearningRateSchedule.warmupSteps(7, 0.5, 100));
    }
}
