package dev.jtune.trainer.runtime;

import ai.djl.Device;
import dev.jtune.trainer.data.DatasetCatalog;
import dev.jtune.trainer.data.DatasetLoader;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobState;
import dev.jtune.trainer.job.JobStatus;
import dev.jtune.trainer.testing.TestData;
import dev.jtune.trainer.text.ChatEncoder;
import dev.jtune.trainer.text.ChatTemplate;
import dev.jtune.trainer.text.ChatTemplateException;
import dev.jtune.trainer.text.EncodedExample;
import dev.jtune.trainer.text.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function-calling sample (notebooks/data/tools-sample.jsonl) trains: on the tiny-qwen2 fixture given the
 * published Qwen2.5 template (the built-in {@code tiny} template has no tool support), with the assistant's calls
 * among the trained tokens and the tool results not.
 */
class ToolCallTrainingTest {

    private static final Path SAMPLE = TestData.datasets().resolve("tools-sample.jsonl");
    private static final Path QWEN_TEMPLATE = Path.of("src/test/resources/tool-templates/qwen2.5-instruct.jinja");

    @TempDir
    Path workspace;

    /** The tiny-qwen2 checkpoint with Qwen2.5-Instruct's template, which takes precedence over its own ChatML one. */
    private Path toolModel() throws Exception {
        Path model = Files.createDirectories(workspace.resolve("tool-qwen2"));
        for (String f : List.of("config.json", "generation_config.json", "model.safetensors", "tokenizer.json",
                "tokenizer_config.json")) {
            Files.copy(TestData.fixture("tiny-qwen2").resolve(f), model.resolve(f));
        }
        Files.copy(QWEN_TEMPLATE, model.resolve("chat_template.jinja"));
        // The fixture's byte-level vocabulary spends about a token per character, and Qwen's tool prompt alone is
        // over 512 characters; rotary positions need no weights, so the copy may simply allow longer sequences.
        Path config = model.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"max_position_embeddings\": 512",
                "\"max_position_embeddings\": 2048"));
        return model;
    }

    private static JobConfig config(String base, String name, int maxSeqLen) {
        Map<String, String> f = new LinkedHashMap<>();
        String[] kv = {"base", base, "data", "tools", "name", name, "batch-size", "2", "max-steps", "3",
            "log-steps", "1", "save-steps", "0", "method", "lora", "max-seq-len", String.valueOf(maxSeqLen), "val-ratio", "0"};
        for (int i = 0; i < kv.length; i += 2) {
            f.put(kv[i], kv[i + 1]);
        }
        return JobConfig.fromFlags(f);
    }

    @Test
    void theSampleHasTwoToolsAndTwentyConversationsThatCallThem() {
        List<Example> examples = new DatasetLoader().load(SAMPLE, DatasetOptions.DEFAULT).examples();
        assertTrue(examples.size() >= 20, examples.size() + " conversations");
        assertTrue(examples.stream().allMatch(e -> e.tools().size() == 2));
        long calling = examples.stream().filter(e -> e.messages().stream().anyMatch(m -> !m.toolCalls().isEmpty()))
                .count();
        assertTrue(calling >= 20, calling + " conversations call a tool");
    }

    @Test
    void theAssistantsCallsAreTrainedAndTheToolResultsAreNot() throws Exception {
        Example example = new DatasetLoader().load(SAMPLE, DatasetOptions.DEFAULT).examples().get(0);
        try (ChatEncoder encoder = new ChatEncoder(Tokenizer.load(TestData.fixture("tiny-qwen2")),
                ChatTemplate.of(Files.readString(QWEN_TEMPLATE), ChatTemplate.load(TestData.fixture("tiny-qwen2"))
                        .specialTokens()))) {
            EncodedExample encoded = example.encode(encoder);
            List<String> trained = trainedRuns(encoder, encoded);
            assertEquals(2, trained.size(), trained.toString());
            assertEquals("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\":"
                    + " \"celsius\"}}\n</tool_call><|im_end|>\n", trained.get(0));
            assertEquals("In Paris it is 18 °C with cloudy.<|im_end|>\n", trained.get(1));
        }
    }

    private static List<String> trainedRuns(ChatEncoder encoder, EncodedExample example) {
        List<String> texts = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        for (int t = 0; t <= example.length(); t++) {
            if (t < example.length() && example.weights()[t] > 0) {
                run.add(example.inputIds()[t]);
            } else if (!run.isEmpty()) {
                texts.add(encoder.tokenizer().decode(run.stream().mapToInt(Integer::intValue).toArray(), false));
                run.clear();
            }
        }
        return texts;
    }

    @Test
    void theSampleTrainsAModelWhoseTemplateSupportsTools() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(SAMPLE, "tools", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            JobStatus done = rt.jobs().start(config(toolModel().toString(), "fc", 1536)).await();
            assertEquals(JobState.SUCCEEDED, done.state(), done.message());
        }
    }

    @Test
    void aTemplateWithoutToolSupportIsRefusedNamingTheModel() throws Exception {
        Path model = toolModel();
        Files.delete(model.resolve("chat_template.jinja"));
        try (ChatEncoder encoder = ChatEncoder.load(model)) {
            Example example = new DatasetLoader().load(SAMPLE, DatasetOptions.DEFAULT).examples().get(0);
            ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> example.encode(encoder));
            assertTrue(e.getMessage().contains(model.toString()) && e.getMessage().contains("does not support function"
                    + " calling"), e.getMessage());
        }
        DatasetCatalog catalog = new DatasetCatalog();
        catalog.load(SAMPLE, "tools", DatasetOptions.DEFAULT, 0);
        try (JTuneRuntime rt = JTuneRuntime.open(workspace, catalog, Device.cpu())) {
            JobStatus done;
            try {
                done = rt.jobs().start(config("tiny", "on-tiny", 1024)).await();
            } catch (RuntimeException refused) {
                assertTrue(refused.getMessage().contains("does not support function calling"), refused.getMessage());
                return;
            }
            assertEquals(JobState.FAILED, done.state());
            assertTrue(done.message().contains("does not support function calling"), done.message());
            assertFalse(done.message().isBlank());
        }
    }
}
