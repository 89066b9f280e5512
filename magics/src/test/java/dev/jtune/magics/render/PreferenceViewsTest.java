package dev.jtune.magics.render;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How preference pairs, a DPO job's accuracy and its live metrics are drawn. */
class PreferenceViewsTest {

    @Test
    void pairsShowPromptChosenAndRejectedSideBySide() {
        Bundle b = PairsView.render("prefs", List.of(new PairsView.Pair(List.of(new Turn("user", "I lost my card")),
                List.of(new Turn("assistant", "card_lost")), List.of(new Turn("assistant", "check_balance")))));
        assertTrue(b.text().contains("First 1 preference pairs of prefs"), b.text());
        assertTrue(b.text().contains("chosen:\n    assistant: card_lost"), b.text());
        assertTrue(b.text().contains("rejected:\n    assistant: check_balance"), b.text());
        String html = b.html();
        assertTrue(html.indexOf("prompt") < html.indexOf("chosen") && html.indexOf("chosen") < html.indexOf("rejected"),
                html);
        assertTrue(html.contains("check_balance") && html.contains("card_lost"), html);
    }

    @Test
    void jobListShowsThePreferenceAccuracyColumnOnlyWhenAJobHasOne() {
        JobRow sft = new JobRow("sft", "tiny", "full", "succeeded", 10, 10, 100, Duration.ofSeconds(5), 0.5);
        JobRow dpo = new JobRow("dpo", "sft", "full, dpo", "succeeded", 4, 4, 80, Duration.ofSeconds(3), 0.4, null,
                0.9833, null);
        String without = JobListView.render("ws", List.of(sft)).text();
        assertFalse(without.contains("pref. accuracy"), without);
        String with = JobListView.render("ws", List.of(sft, dpo)).text();
        assertTrue(with.contains("pref. accuracy") && with.contains("98.3%"), with);
    }

    @Test
    void theLiveLineShowsPreferenceAccuracyAndMargin() {
        TrainingProgress p = new TrainingProgress("dpo", "running", 3, 10, 0.3, 1, 0.6, 0.65, 1e-3, 100, 1000,
                Duration.ofSeconds(3), Duration.ofSeconds(7), null,
                Map.of("rewards/accuracies", 0.75, "rewards/margins", 0.125, "eval_rewards/accuracies", 0.5));
        String line = ProgressView.text(p);
        assertTrue(line.contains("pref acc 75.0%") && line.contains("margin 0.1250")
                && line.contains("val pref acc 50.0%"), line);
        String sft = ProgressView.text(new TrainingProgress("sft", "running", 3, 10, 0.3, 1, 0.6, null, 1e-3, 100,
                1000, Duration.ofSeconds(3), Duration.ofSeconds(7), null));
        assertFalse(sft.contains("pref acc"), sft);
    }
}
