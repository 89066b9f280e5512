package dev.jtune.trainer.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the user set is recorded (config.json's set-by-user), never inferred from differences to the defaults:
 * resume and copy keep every user-set value, including values equal to a default.
 */
class UserSetParametersTest {

    @TempDir
    Path root;

    @Test
    void resumeAppliesAFlagEvenWhenItEqualsTheDefault() throws Exception {
        JobRig rig = new JobRig(root);
        rig.manager.start(JobRig.config("grow")).await();
        double defaultLr = (Double) JobParameters.get("lr").defaultValue();
        assertTrue(rig.workspace.job("grow").config().lr() != defaultLr, "the job trained with another lr");
        JobConfig more = JobConfig.fromFlags(Map.of("resume", "grow", "max-steps", "15",
                "lr", JobParameter.text(defaultLr)));
        JobStatus s = rig.manager.start(more).await();
        assertEquals(JobState.SUCCEEDED, s.state(), s.message());
        JobConfig after = rig.workspace.job("grow").config();
        assertEquals(defaultLr, after.lr(), "--lr equal to its default still applies on resume");
        assertEquals(15, after.maxSteps());
        assertTrue(after.setByUser().containsAll(List.of("lr", "max-steps", "grad-accum")), after.setByUser().toString());
        assertFalse(after.setByUser().contains("resume"), "resume is how the job continued, not a parameter of it");
        assertTrue(Files.readString(rig.workspace.job("grow").dir().resolve("config.json")).contains("\"set-by-user\""));
    }

    @Test
    void copyKeepsEveryUserSetValueAndMarksTheChanges() throws Exception {
        JobRig rig = new JobRig(root);
        // epochs 3 and lr 2e-4 equal the LoRA defaults, but the user typed them
        JobConfig source = JobRig.config("src", "epochs", "3", "lr", "2e-4");
        rig.manager.start(source).await();
        Job copy = rig.manager.copy("src", "dst", Map.of("method", "full", "seed", "42"));
        JobConfig c = copy.config();
        JobConfig s = rig.workspace.job("src").config();
        for (String name : s.setByUser()) {
            if (!name.equals("name")) {
                assertEquals(s.asMap().get(name), c.asMap().get(name), name + " is carried by the copy");
            }
        }
        assertTrue(c.setByUser().containsAll(s.setByUser()), c.setByUser() + " keeps " + s.setByUser());
        assertTrue(c.setByUser().containsAll(List.of("method", "seed")), "the --set changes are the user's too");
        assertEquals(2e-4, c.lr(), "a user-set lr stays when the method changes (an unset one would follow it)");
        assertEquals("dst", c.name());

        JobConfig plain = JobConfig.fromFlags(Map.of("base", "tiny", "data", "d"));
        assertEquals(JobParameters.FULL_LR, plain.withOverrides(Map.of("method", "full")).lr(),
                "an lr the user never set follows the method");
    }

    @Test
    void aConfigJsonFromBeforeTheListCountsEveryKeyAsSet() throws Exception {
        JobConfig c = JobConfig.fromFlags(Map.of("base", "tiny", "data", "d", "lr", "1e-3"));
        String legacy = c.toJson().replaceAll(",\\s*\"set-by-user\"\\s*:\\s*\\[[^]]*]", "");
        assertFalse(legacy.contains("set-by-user"), legacy);
        JobConfig read = JobConfig.parse(legacy);
        long recorded = read.asMap().values().stream().filter(v -> v != null).count();
        assertEquals(recorded, read.setByUser().size(), "every recorded value is kept on copy, whatever its method");
        assertTrue(read.isSetByUser("lr"));
        assertEquals(1e-3, read.lr());
    }
}
