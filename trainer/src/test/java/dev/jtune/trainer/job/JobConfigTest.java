package dev.jtune.trainer.job;

import dev.jtune.trainer.engine.GradCheckpointing;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobConfigTest {

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void defaultsAreFilledInAndValid() {
        JobConfig c = JobConfig.fromFlags(Map.of("base", "tiny", "data", "intents"));
        assertEquals(JobConfig.defaults().lr(), c.lr());
        assertEquals("lora", c.method());
        assertEquals(List.of("all-linear"), c.loraTargets());
        assertNull(c.name());
        assertEquals(0.5, c.effectiveNumCycles());
    }

    @Test
    void gradCheckpointingReachesTheEngineSpecAndABadValueNamesTheChoices() {
        assertEquals(GradCheckpointing.AUTO, JobConfig.fromFlags(Map.of("base", "tiny", "data", "d"))
                .toSpec(false).gradCheckpointing());
        assertEquals(GradCheckpointing.ON, JobConfig.fromFlags(Map.of("base", "tiny", "data", "d",
                "grad-checkpointing", "ON")).toSpec(false).gradCheckpointing());
        String bad = error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "grad-checkpointing", "maybe")));
        for (String word : List.of("--grad-checkpointing", "maybe", "auto", "on", "off")) {
            assertTrue(bad.contains(word), bad);
        }
    }

    @Test
    void fullMethodGetsItsOwnDefaultLearningRateUnlessGiven() {
        assertEquals(JobConfig.DEFAULT_FULL_LR,
                JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "method", "full")).lr());
        assertEquals(1e-3, JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "method", "full", "lr", "1e-3")).lr());
    }

    @Test
    void validationMessagesNameFlagValueAndRange() {
        assertEquals("--lr 5 is out of range: use a number greater than 0 and at most 1",
                error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "lr", "5"))));
        assertEquals("--scheduler foo is not a choice: use one of linear, cosine, cosine-restarts, polynomial, "
                        + "constant, constant-warmup",
                error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "scheduler", "foo"))));
        assertTrue(error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "batch-size", "0")))
                .startsWith("--batch-size 0 is out of range"));
        assertEquals("--lr abc is not a number: use a number greater than 0 and at most 1, for example 0.0002",
                error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "lr", "abc"))));
        assertTrue(error(() -> JobConfig.fromFlags(Map.of("data", "d"))).startsWith("--base is missing"));
        assertTrue(error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "precision", "bf16")))
                .contains("bf16"));
        assertTrue(error(() -> JobConfig.parse("base: tiny\ndata: d\nlearning_rat: 1e-4"))
                .contains("unknown parameter 'learning_rat'"));
        assertTrue(error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "name", "../x")))
                .contains("job name '../x' is not allowed"));
        assertTrue(error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "val-ratio", "0",
                "early-stop-patience", "3"))).contains("no validation data"));
        assertTrue(error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "scheduler", "polynomial",
                "lr", "1e-4", "lr-end", "1e-3"))).startsWith("--lr-end 0.001 is out of range"));
    }

    @Test
    void aPreferenceJobGoesToAClusterOnlyWithJTunesOwnTrainer() {
        for (String engine : List.of("trl", "llamafactory")) {
            String bad = error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "pairs", "stage", "dpo",
                    "cluster", "c", "engine", engine)));
            for (String word : List.of("--stage dpo", engine, "--engine jtune")) {
                assertTrue(bad.contains(word), bad);
            }
        }
        assertTrue(JobConfig.fromFlags(Map.of("base", "tiny", "data", "pairs", "stage", "dpo", "cluster", "c"))
                .trainsPreferences());
    }

    @Test
    void yamlBodyAcceptsKebabAndSnakeCase() {
        JobConfig c = JobConfig.parse("base: tiny\ndata: intents\nlr: 2e-4\nbatch_size: 4\nlora-targets: q_proj,v_proj\n"
                + "packing: true\nscheduler: cosine_with_restarts\nnum-cycles: 2\n");
        assertEquals(2e-4, c.lr());
        assertEquals(4, c.batchSize());
        assertEquals(List.of("q_proj", "v_proj"), c.loraTargets());
        assertTrue(c.packing());
        assertEquals(2.0, c.effectiveNumCycles());
    }

    @Test
    void jsonAndYamlRoundTrip() {
        JobConfig c = JobConfig.fromFlags(Map.of("base", "tiny", "data", "intents", "name", "run1", "lr", "3e-4",
                "lora-targets", "q_proj,v_proj", "rslora", "", "seed", "7", "resume", "other:20"));
        assertEquals(c, JobConfig.parse(c.toJson()));
        assertEquals(c, JobConfig.parse(c.toYaml()));
        assertTrue(c.toJson().contains("\"batch-size\""));
        assertTrue(c.toYaml().contains("lora-targets:"));
    }

    @Test
    void overridesReplaceValuesAndValidate() {
        JobConfig c = JobConfig.fromFlags(Map.of("base", "tiny", "data", "intents", "name", "a"));
        JobConfig d = c.withOverrides(Map.of("name", "b", "lr", "1e-4", "epochs", "5"));
        assertEquals("b", d.name());
        assertEquals(1e-4, d.lr());
        assertEquals(5.0, d.epochs());
        assertEquals(c.batchSize(), d.batchSize());
        assertFalse(error(() -> c.withOverrides(Map.of("epochs", "-1"))).isEmpty());
    }

    @Test
    void mapAndUserSetValuesUseFlagNames() {
        JobConfig c = JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "lr", "1e-3", "lora-targets", "q_proj,v_proj",
                "epochs", "3"));
        assertEquals(1e-3, c.asMap().get("lr"));
        assertFalse(c.asMap().containsKey("set-by-user"), "the set-by-user list is not a parameter");
        // epochs 3 equals the default and still counts: what the user typed is recorded, not inferred
        assertEquals(Map.of("base", "tiny", "data", "d", "epochs", "3", "lr", "0.001", "lora-targets", "q_proj,v_proj"),
                c.userSet());
        assertEquals(c.setByUser(), JobConfig.parse(c.toJson()).setByUser());
        assertTrue(c.toJson().contains("\"set-by-user\""), c.toJson());
    }

    @Test
    void gradCheckpointingIsCarriedToTheEngineSpec() {
        for (var mode : dev.jtune.trainer.engine.GradCheckpointing.values()) {
            JobConfig c = JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "grad-checkpointing", mode.flagName()));
            assertEquals(mode, c.toSpec(false).gradCheckpointing());
        }
        assertEquals(dev.jtune.trainer.engine.GradCheckpointing.AUTO, JobConfig.defaults().toSpec(false).gradCheckpointing());
        assertTrue(error(() -> JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "grad-checkpointing", "always")))
                .startsWith("--grad-checkpointing always is not a choice: use one of auto, on, off"));
    }

    @Test
    void theEngineSpecTakesTheDeclaredLoraDefaults() {
        var spec = JobConfig.fromFlags(Map.of("base", "tiny", "data", "d")).toSpec(false);
        assertEquals(JobParameters.get("lora-dropout").defaultValue(), spec.loraDropout());
        assertEquals(JobParameters.get("lora-r").defaultValue(), spec.loraRank());
        assertEquals(JobParameters.get("max-grad-norm").defaultValue(), spec.maxGradNorm());
    }

    @Test
    void everyComponentIsDeclaredAndEveryDefaultComesFromItsDeclaration() {
        java.util.Set<String> components = new java.util.TreeSet<>();
        for (var c : JobConfig.class.getRecordComponents()) {
            components.add(c.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT));
        }
        java.util.Set<String> declared = new java.util.TreeSet<>(JobParameters.names());
        declared.add("set-by-user");
        assertEquals(declared, components, "a JobConfig component without a declaration (or the reverse)");
        Map<String, Object> defaults = JobConfig.defaults().asMap();
        for (JobParameter p : JobParameters.all()) {
            assertEquals(JobParameter.text(p.defaultValue()), JobParameter.text(defaults.get(p.name())), p.name());
        }
        assertTrue(JobConfig.defaults().setByUser().isEmpty());
    }
}
