package dev.jtune.trainer.data.format;

import dev.jtune.trainer.data.Dataset;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetLoader;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.MixPart;
import dev.jtune.trainer.data.example.DatasetException;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.text.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.jtune.trainer.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The preference formats users have: TRL's (plain and conversational) and Volcano Ark's scored candidates. */
class PreferenceFormatsTest {

    @TempDir
    Path dir;

    private final DatasetLoader loader = new DatasetLoader();

    private Dataset load(Path file) {
        return loader.load(file, DatasetOptions.DEFAULT);
    }

    private String refusal(Path file) {
        return assertThrows(DatasetException.class, () -> load(file)).getMessage();
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(m -> m.role() + ":" + m.content()).toList();
    }

    @Test
    void plainStringsGiveAUserPromptAndOneAssistantAnswerEach() {
        Dataset d = load(write(dir, "p.jsonl",
                "{\"prompt\":\"I lost my card\",\"chosen\":\"card_lost\",\"rejected\":\"check_balance\"}",
                "{\"system\":\"Classify.\",\"prompt\":\"Balance?\",\"chosen\":\"check_balance\",\"rejected\":\"card_lost\"}"));
        assertEquals(DatasetFormat.PREFERENCE, d.report().format());
        Example e = d.examples().get(0);
        assertTrue(e.isPreference());
        assertEquals(List.of("user:I lost my card"), texts(e.prompt()));
        assertEquals(List.of("assistant:card_lost"), texts(e.chosen()));
        assertEquals(List.of("assistant:check_balance"), texts(e.rejected()));
        assertEquals(List.of("system:Classify.", "user:Balance?"), texts(d.examples().get(1).prompt()));
    }

    @Test
    void conversationalRecordsKeepAMultiTurnPrompt() {
        Dataset d = load(write(dir, "c.jsonl", "{\"prompt\":[{\"role\":\"system\",\"content\":\"S\"},"
                + "{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},"
                + "{\"role\":\"user\",\"content\":\"c\"}],\"chosen\":[{\"role\":\"assistant\",\"content\":\"good\"}],"
                + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"bad\"}]}"));
        Example e = d.examples().get(0);
        assertEquals(List.of("system:S", "user:a", "assistant:b", "user:c"), texts(e.prompt()));
        assertEquals(List.of("assistant:good"), texts(e.chosen()));
        assertEquals(List.of("assistant:bad"), texts(e.rejected()));
        assertEquals(List.of("system:S", "user:a", "assistant:b", "user:c", "assistant:good"), texts(e.messages()));
    }

    @Test
    void arkScoredCandidatesGiveTheHighestAsChosenAndTheLowestAsRejected() {
        Dataset d = load(write(dir, "ark.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"content\":\"middle\",\"score\":2},"
                + "{\"content\":\"worst\",\"score\":-1},{\"content\":\"best\",\"score\":3.5}]}]}"));
        Example e = d.examples().get(0);
        assertEquals(DatasetFormat.MESSAGES, d.report().format());
        assertEquals(List.of("user:q"), texts(e.prompt()));
        assertEquals(List.of("assistant:best"), texts(e.chosen()));
        assertEquals(List.of("assistant:worst"), texts(e.rejected()));
    }

    @Test
    void badPairsAreNamedByLine() {
        String ok = "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}";
        String same = refusal(write(dir, "same.jsonl", ok, "{\"prompt\":\"p\",\"chosen\":\"x\",\"rejected\":\" x\"}"));
        assertTrue(same.contains("line 2") && same.contains("chosen and the rejected answer are the same"), same);
        String missing = refusal(write(dir, "missing.jsonl", ok, ok, "{\"prompt\":\"p\",\"chosen\":\"a\"}"));
        assertTrue(missing.contains("line 3") && missing.contains("missing field \"rejected\""), missing);
        String scores = refusal(write(dir, "scores.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"content\":\"a\",\"score\":1},"
                + "{\"content\":\"b\",\"score\":\"high\"}]}]}"));
        assertTrue(scores.contains("line 1") && scores.contains("candidate 2") && scores.contains("\"score\" must be a"
                + " number") && scores.contains("\"high\""), scores);
        String equal = refusal(write(dir, "equal.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"content\":\"a\",\"score\":1},"
                + "{\"content\":\"b\",\"score\":1}]}]}"));
        assertTrue(equal.contains("line 1") && equal.contains("every candidate has score 1"), equal);
        String mixed = refusal(write(dir, "mixed.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"content\":\"a\",\"score\":1},{\"content\":\"b\",\"score\":0}]}]}",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}"));
        assertTrue(mixed.contains("line 2") && mixed.contains("line 1 is a preference pair"), mixed);
    }

    @Test
    void aMixTrainsOneStage() {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(write(dir, "pairs.jsonl", "{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}"), "pairs",
                DatasetOptions.DEFAULT, 0);
        catalog.load(write(dir, "sft.jsonl", "{\"prompt\":\"q\",\"response\":\"a\"}"), "sft", DatasetOptions.DEFAULT, 0);
        String refused = assertThrows(IllegalArgumentException.class,
                () -> catalog.mix("both", List.of(new MixPart("pairs", 1), new MixPart("sft", 1)), 1)).getMessage();
        assertTrue(refused.contains("pairs holds preference pairs and sft SFT examples"), refused);
    }

    @Test
    void sftRecordsAreNotPreferencePairs() {
        Dataset d = load(write(dir, "sft.jsonl", "{\"prompt\":\"q\",\"response\":\"a\"}"));
        assertFalse(d.examples().get(0).isPreference());
    }
}
