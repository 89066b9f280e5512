package dev.jtune.magics.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;

import dev.jtune.trainer.eval.TextGenerator;
import dev.jtune.trainer.generate.GenerationResult;
import dev.jtune.trainer.generate.LanguageModel;
import dev.jtune.trainer.generate.SamplingParams;
import dev.jtune.trainer.hub.ResolvedModel;
import dev.jtune.trainer.text.ChatEncoder;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.StreamingDetokenizer;

/**
 * A model loaded for chat and evaluation: weights (a LoRA adapter on top when the reference is a job checkpoint),
 * the tokenizer and the model's own chat template.
 */
public final class ChatModel implements TextGenerator, AutoCloseable {
    /** What one answer cost. */
    public record Answer(String text, int tokens, double seconds, GenerationResult.StopReason stopReason) {
    }

    static final int EVAL_MAX_NEW_TOKENS = 32;

    private final String reference;
    private final LanguageModel model;
    private final ChatEncoder encoder;

    private ChatModel(String reference, LanguageModel model, ChatEncoder encoder) {
        this.reference = reference;
        this.model = model;
        this.encoder = encoder;
    }

    static ChatModel load(ResolvedModel resolved, Path scratch) throws IOException {
        Path weights = resolved.baseFolder();
        Path adapter = null;
        if (resolved.hasCheckpoint()) {
            if (Files.exists(resolved.checkpoint().resolve("adapter_config.json"))) {
                adapter = resolved.checkpoint();
            } else {
                weights = FullCheckpointFolder.assemble(resolved.baseFolder(), resolved.checkpoint(), scratch);
            }
        }
        ChatEncoder encoder = ChatEncoder.load(resolved.baseFolder());
        try {
            return new ChatModel(resolved.reference(), LanguageModel.load(weights, adapter), encoder);
        } catch (IOException | RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    public String reference() {
        return reference;
    }

    /**
     * Writes the next assistant turn, calling {@code onText} with each piece of text as tokens arrive.
     *
     * @param cancelled checked between tokens; true ends the answer early (an interrupt)
     */
    public Answer answer(List<ChatMessage> conversation, int maxNewTokens, double temperature, double topP, Consumer<String> onText,
                         BooleanSupplier cancelled) {
        int[] prompt = encoder.encodePrompt(conversation);
        StreamingDetokenizer detokenizer = new StreamingDetokenizer(encoder.tokenizer());
        SamplingParams params = new SamplingParams(maxNewTokens, temperature, 0, topP, 1.0, 0, Set.of(), List.of());
        long start = System.nanoTime();
        GenerationResult result;
        try {
            result = model.generate(prompt, params, id -> {
                if (cancelled.getAsBoolean()) {
                    throw new AnswerCancelled();
                }
                String piece = detokenizer.add(id);
                if (!piece.isEmpty()) {
                    onText.accept(piece);
                }
            });
        } catch (AnswerCancelled e) {
            result = new GenerationResult(detokenizer.ids(), GenerationResult.StopReason.INTERRUPTED);
        }
        String tail = detokenizer.flush();
        if (!tail.isEmpty()) {
            onText.accept(tail);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Answer(detokenizer.text().strip(), result.tokens().length, seconds, result.stopReason());
    }

    /** Greedy answer for evaluation (labels are short; the cap keeps a model that rambles from stalling %eval). */
    @Override
    public String generate(List<ChatMessage> prompt) {
        return answer(prompt, EVAL_MAX_NEW_TOKENS, 0, 1, text -> { }, () -> Thread.currentThread().isInterrupted()).text();
    }

    @Override
    public void close() {
        model.close();
        encoder.close();
    }

    /** Thrown from the token callback to end generation when the cell is interrupted. */
    private static final class AnswerCancelled extends RuntimeException {
        AnswerCancelled() {
            super(null, null, false, false);
        }
    }
}
