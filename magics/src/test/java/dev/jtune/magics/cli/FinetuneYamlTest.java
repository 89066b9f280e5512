package dev.jtune.magics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class FinetuneYamlTest {
    @Test
    void bodyKeysBecomeTheSameParametersAsFlags() {
        String body = """
                base: tiny
                data: intents
                lr: 2e-4
                batch_size: 8
                lora-targets: [q_proj, v_proj]
                packing: false
                scheduler: cosine
                background: true
                """;
        var finetune = FinetuneYaml.parse(Words.of("--name intents-v1"), body).as(FinetuneCommand.class);
        assertEquals("intents-v1", finetune.name());
        assertTrue(finetune.background());
        var parameters = finetune.parameters();
        assertEquals(2e-4, parameters.get("lr"));
        assertEquals(8, parameters.get("batch-size"));
        assertEquals(List.of("q_proj", "v_proj"), parameters.get("lora-targets"));
        assertEquals(false, parameters.get("packing"));
        assertEquals("cosine", parameters.get("scheduler"));
    }

    @Test
    void unknownKeyNamesItsLineAndASuggestion() {
        UsageError error = assertThrows(UsageError.class, () -> FinetuneYaml.parse(Words.of(""), "base: tiny\ndata: d\nlearning_rat: 1\n"));
        assertTrue(error.getMessage().contains("line 3"), error.getMessage());
        assertTrue(error.getMessage().contains("learning_rat"), error.getMessage());
    }

    @Test
    void badValueNamesTheKeyAndItsLine() {
        UsageError error = assertThrows(UsageError.class, () -> FinetuneYaml.parse(Words.of(""), "base: tiny\ndata: d\nepochs: many\n"));
        assertTrue(error.getMessage().contains("'epochs:' (line 3 of the cell body)"), error.getMessage());
        assertTrue(error.getMessage().contains("'many'"), error.getMessage());
    }

    @Test
    void brokenYamlAndNestedBlocksAreExplained() {
        String broken = assertThrows(UsageError.class, () -> FinetuneYaml.parse(Words.of(""), "base: [tiny\n")).getMessage();
        assertTrue(broken.contains("not valid YAML"), broken);
        assertTrue(assertThrows(UsageError.class, () -> FinetuneYaml.parse(Words.of(""), "base: tiny\nlora-targets:\n  r: 8\n"))
                .getMessage().contains("nested"));
        assertTrue(assertThrows(UsageError.class, () -> FinetuneYaml.parse(Words.of(""), "- a\n- b\n")).getMessage().contains("key: value"));
    }

    @Test
    void headerAndBodyMayNotBothSetAParameter() {
        UsageError error = assertThrows(UsageError.class, () -> FinetuneYaml.parse(Words.of("--lr 1e-3"), "base: tiny\ndata: d\nlr: 2e-4\n"));
        assertTrue(error.getMessage().contains("more than once"), error.getMessage());
    }
}
