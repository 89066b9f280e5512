package dev.jtune.magics.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jtune.kernel.magic.CellParser;
import dev.jtune.kernel.magic.CellSegment;
import dev.jtune.kernel.magic.MagicInvocation;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every magic in the shipped notebooks parses with the current flags. real-model.ipynb is never executed in CI
 * (it needs a GPU and a real model), so this is what keeps it from rotting when a flag changes.
 */
class NotebookSyntaxTest {
    static final Path NOTEBOOKS = Path.of("..", "notebooks");

    static List<String> codeCells(String notebook) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(NOTEBOOKS.resolve(notebook)));
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : root.get("cells")) {
            if (cell.get("cell_type").asText().equals("code")) {
                JsonNode source = cell.get("source");
                StringBuilder text = new StringBuilder();
                if (source.isArray()) {
                    source.forEach(line -> text.append(line.asText()));
                } else {
                    text.append(source.asText());
                }
                cells.add(text.toString());
            }
        }
        return cells;
    }

    @ParameterizedTest
    @ValueSource(strings = {"quickstart.ipynb", "real-model.ipynb"})
    void everyMagicParses(String notebook) throws IOException {
        int magics = 0;
        for (String cell : codeCells(notebook)) {
            for (CellSegment segment : CellParser.parse(cell)) {
                if (!(segment instanceof CellSegment.MagicCall call)) {
                    continue;
                }
                MagicInvocation magic = call.invocation();
                String written = notebook + ": %" + magic.name() + " " + magic.arguments();
                assertNull(call.argumentError(), written);
                magics++;
                if (magic.isCell()) {
                    ParsedCommand parsed = switch (magic.name()) {
                        case "finetune" -> FinetuneYaml.parse(magic.argv(), magic.body());
                        case "chat" -> ChatCommand.parseCell(magic.argv(), magic.body());
                        default -> throw new AssertionError("unexpected cell magic %%" + magic.name() + " in " + notebook);
                    };
                    assertFalse(parsed.isHelp());
                    continue;
                }
                Supplier<Object> command = switch (magic.name()) {
                    case "dataset" -> DatasetCommand::new;
                    case "finetune" -> FinetuneCommand::new;
                    case "loss" -> LossCommand::new;
                    case "jobs" -> JobsCommand::new;
                    case "publish" -> PublishCommand::new;
                    case "chat" -> ChatCommand::new;
                    case "eval" -> EvalCommand::new;
                    default -> throw new AssertionError("unexpected magic %" + magic.name() + " in " + notebook);
                };
                assertDoesNotThrow(() -> CommandParser.parse(command.get(), magic.argv()), written);
            }
        }
        assertTrue(magics >= 8, notebook + " shows the whole flow (" + magics + " magics)");
    }
}
