package dev.jtune.trainer.tiny;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.io.AtomicFiles;
import dev.jtune.trainer.io.AtomicFolders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The built-in {@code tiny} model: a real HuggingFace model folder (Llama architecture, random weights from a fixed
 * seed, a byte-level BPE tokenizer learned from the project's sample data, a ChatML template) that the project
 * writes itself, so everything runs offline without downloading weights. Its weights are UNTRAINED: it produces
 * noise until fine-tuned, and every place that shows it says so.
 */
public final class TinyModel {

    /** The name users pass as a base model. */
    public static final String NAME = "tiny";
    /** Shown wherever the tiny model is listed or loaded. */
    public static final String UNTRAINED_NOTICE =
            "tiny is an UNTRAINED model with random weights: it answers with noise until you fine-tune it.";

    static final String END_OF_TEXT = "<|endoftext|>";
    static final String IM_START = "<|im_start|>";
    static final String IM_END = "<|im_end|>";
    static final int END_OF_TEXT_ID = 0;
    static final int IM_END_ID = 2;

    /** Bump when the recipe (corpus, trainer, file layout) changes, so old cached folders are not reused. */
    private static final String RECIPE = "v1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TinyModel() {
    }

    /** The preset's {@code config.json} (e.g. for a benchmark that builds the architecture without the folder). */
    public static ObjectNode configJson() {
        return TinyModelConfig.PRESET.toConfigJson(JSON, END_OF_TEXT_ID, IM_END_ID, END_OF_TEXT_ID);
    }

    /** The preset tiny model under {@code cacheDir}, written on first use. */
    public static Path materialize(Path cacheDir) throws IOException {
        return materialize(cacheDir, TinyModelConfig.PRESET);
    }

    /**
     * A tiny model folder for {@code config} under {@code cacheDir}: reused when present, else written into a
     * temp folder and renamed into place, so concurrent or aborted runs never leave half a folder behind.
     * Writing it twice gives identical bytes.
     */
    public static Path materialize(Path cacheDir, TinyModelConfig config) throws IOException {
        Path target = cacheDir.resolve(folderName(config));
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(cacheDir);
        Path temp = Files.createTempDirectory(cacheDir, "." + target.getFileName() + "-");
        try {
            write(temp, config);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // another run finished first; its folder has the same bytes
            }
        } finally {
            AtomicFolders.deleteRecursively(temp);
        }
        return target;
    }

    /** Folder name: the preset name, the recipe version and a digest of the sizes. */
    static String folderName(TinyModelConfig config) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((RECIPE + config).getBytes(StandardCharsets.UTF_8));
            return NAME + "-" + RECIPE + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void write(Path dir, TinyModelConfig config) throws IOException {
        BpeTrainer.Result bpe = BpeTrainer.train(TinyCorpus.texts(),
                config.vocabSize() - TinyTokenizerFiles.SPECIALS.size());
        int tokenizerSize = TinyTokenizerFiles.vocabSize(bpe);
        writeJson(dir.resolve("tokenizer.json"), TinyTokenizerFiles.tokenizerJson(JSON, bpe));
        writeJson(dir.resolve("tokenizer_config.json"),
                TinyTokenizerFiles.tokenizerConfig(JSON, config.maxPositionEmbeddings()));
        writeJson(dir.resolve("config.json"), config.toConfigJson(JSON, END_OF_TEXT_ID, IM_END_ID, END_OF_TEXT_ID));
        ObjectNode generation = JSON.createObjectNode();
        generation.put("bos_token_id", END_OF_TEXT_ID);
        generation.putArray("eos_token_id").add(IM_END_ID).add(END_OF_TEXT_ID);
        generation.put("pad_token_id", END_OF_TEXT_ID);
        writeJson(dir.resolve("generation_config.json"), generation);
        TinyWeights.write(config, END_OF_TEXT_ID, dir.resolve("model.safetensors"));
        AtomicFiles.writeString(dir.resolve("README.md"), readme(config, tokenizerSize, bpe.merges().size()));
    }

    private static void writeJson(Path file, ObjectNode node) throws IOException {
        AtomicFiles.writeString(file, JSON.writeValueAsString(node) + "\n");
    }

    private static String readme(TinyModelConfig c, int tokenizerSize, int merges) {
        // Locale.ROOT: the bytes must not depend on the machine's locale (digit grouping)
        return String.format(Locale.ROOT, """
                # tiny (JTune built-in model) — UNTRAINED

                **These are UNTRAINED random weights.** The model answers with noise until you fine-tune it.
                It exists so that every JTune feature runs offline on a laptop CPU without downloading anything.

                - Architecture: `LlamaForCausalLM` (RMSNorm, rotary positions with theta %s, grouped-query
                  attention, SwiGLU MLP), %d layers, hidden size %d, %d attention heads, %d key/value heads,
                  MLP size %d, up to %d positions, tied input/output embeddings, %,d parameters.
                - Weights: float32, drawn from normal(0, %s) with the fixed seed %d (norm weights 1, padding row 0),
                  as transformers initialises a new Llama model.
                - Tokenizer: byte-level BPE with %d tokens (3 ChatML special tokens, 256 bytes, %d merges) learned by
                  JTune from its sample datasets (banking intents, a short corpus, an FAQ), so their words and
                  intent labels are short token sequences. Any text can be tokenized (byte fallback by design).
                - Chat template: ChatML (`<|im_start|>role\\ncontent<|im_end|>\\n`), end of turn `<|im_end|>`.

                JTune writes this folder itself, byte for byte the same on every machine; delete it to have it
                written again.
                """, c.ropeTheta(), c.numHiddenLayers(), c.hiddenSize(), c.numAttentionHeads(),
                c.numKeyValueHeads(), c.intermediateSize(), c.maxPositionEmbeddings(), c.parameterCount(),
                c.initializerRange(), c.seed(), tokenizerSize, merges);
    }
}
