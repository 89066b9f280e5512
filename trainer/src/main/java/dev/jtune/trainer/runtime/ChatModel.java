package dev.jtune.trainer.runtime;

import dev.jtune.trainer.generate.GenerationResult;
import dev.jtune.trainer.generate.LanguageModel;
import dev.jtune.trainer.generate.SamplingParams;
import dev.jtune.trainer.text.ChatEncoder;
import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.ReasoningBlock;
import dev.jtune.trainer.text.StreamingDetokenizer;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.jtune.trainer.data.Batch;
import dev.jtune.trainer.data.batch.SequenceOptions;
import dev.jtune.trainer.data.batch.TrainingSet;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.example.SourceLocation;
import dev.jtune.trainer.engine.LossSum;
import dev.jtune.trainer.eval.EvalExample;
import dev.jtune.trainer.model.GradMode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A loaded model with its own tokenizer and chat template: answers a conversation with the next assistant turn,
 * streaming the text as it is generated. One generation at a time per model (the KV cache lives in its manager).
 */
public final class ChatModel implements AutoCloseable {

    /** Rows scored at once by {@link #referenceLoss}; small, since evaluation runs beside a notebook's other work. */
    private static final int LOSS_BATCH = 8;

    private final String reference;
    private final LanguageModel model;
    private final ChatEncoder encoder;

    public ChatModel(String reference, LanguageModel model, ChatEncoder encoder) {
        this.reference = reference;
        this.model = model;
        this.encoder = encoder;
    }

    public String reference() {
        return reference;
    }

    public LanguageModel languageModel() {
        return model;
    }

    public ChatEncoder encoder() {
        return encoder;
    }

    /**
     * Greedy answer of at most {@code maxNewTokens}, stopping at the model's EOS (evaluation); a thinking model's
     * reasoning block is not part of the answer.
     */
    public String answer(List<ChatMessage> prompt, int maxNewTokens) {
        return ReasoningBlock.answer(reply(prompt, SamplingParams.greedy(maxNewTokens, java.util.Set.of()),
                text -> { }).text());
    }

    /**
     * The next assistant turn for {@code conversation} (which ends with a user turn).
     *
     * @param params  sampling; an empty EOS set means the model's own EOS ids
     * @param onText  receives each piece of text as soon as it is complete (never a split UTF-8 character)
     */
    public synchronized ChatReply reply(List<ChatMessage> conversation, SamplingParams params, Consumer<String> onText) {
        long start = System.nanoTime();
        int[] prompt = encoder.encodePrompt(conversation);
        StreamingDetokenizer text = new StreamingDetokenizer(encoder.tokenizer(), true);
        GenerationResult result = model.generate(prompt, params, id -> {
            String piece = text.add(id);
            if (!piece.isEmpty()) {
                onText.accept(piece);
            }
        });
        String rest = text.flush();
        if (!rest.isEmpty()) {
            onText.accept(rest);
        }
        return new ChatReply(text.text(), result.tokens().length, result.stopReason(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Mean token cross-entropy of the expected answers, computed as training computes its validation loss (same
     * encoding, truncation at {@code maxSeqLen}, token-weighted mean over every example together).
     */
    public synchronized double referenceLoss(List<EvalExample> examples, int maxSeqLen) {
        List<Example> conversations = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            // evaluation examples keep no file position: the truncation report counts them by their place in the set
            conversations.add(Example.conversation(new SourceLocation(null, i + 1), examples.get(i).scoredConversation()));
        }
        int pad = encoder.tokenizer().padId().orElse(encoder.tokenizer().eosId().orElse(0));
        TrainingSet set = TrainingSet.build(conversations, encoder, SequenceOptions.of(maxSeqLen, false, pad));
        LossSum sum = LossSum.ZERO;
        for (Batch b : set.inOrder(LOSS_BATCH)) {
            try (GradMode noGrad = GradMode.disabled();
                 NDManager sub = model.model().weights().manager().newSubManager();
                 NDScope scope = new NDScope()) {
                sum = sum.plus(new LossSum(model.model().scoreWeightedNll(sub, b), b.trainedWeight()));
            }
        }
        return sum.mean();
    }

    /** Frees the model's weights (the encoder belongs to the runtime's cache). */
    @Override
    public void close() {
        model.close();
    }
}
