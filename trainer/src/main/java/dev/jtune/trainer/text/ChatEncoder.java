package dev.jtune.trainer.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Encodes conversations for training with a model's own chat template and tokenizer. The trained tokens of an
 * assistant turn are what the template emits for that turn after the generation prompt (content plus the
 * end-of-turn text), weighted by the message's {@link ChatMessage#weight()}; everything else has weight 0.
 *
 * <p>The turn's text is found by rendering prefixes: {@code messages[:i]} with the generation prompt and
 * {@code messages[:i+1]} without; the difference is the turn. The whole chat is then tokenized once (so the ids
 * are exactly those of the rendered text) and a token is trained when it overlaps a turn's range
 * ({@link TurnLocator} also finds turns of templates that close a conversation with a trailer, as Phi-3's, or
 * render a turn differently once later ones follow, as Qwen3's). Templates
 * with {@code {% generation %}} blocks mark the ranges themselves, which also covers templates that render
 * earlier turns differently once later ones follow.
 */
public final class ChatEncoder implements ConversationEncoder, AutoCloseable {

    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final ChatTemplateException missingTemplate;

    public ChatEncoder(Tokenizer tokenizer, ChatTemplate template) {
        this(tokenizer, template, null);
    }

    private ChatEncoder(Tokenizer tokenizer, ChatTemplate template, ChatTemplateException missingTemplate) {
        this.tokenizer = tokenizer;
        this.template = template;
        this.missingTemplate = missingTemplate;
    }

    /**
     * The tokenizer and default chat template of a model folder. A folder without a chat template (a base model)
     * still loads: plain-text encoding works, and encoding messages explains that there is no template.
     */
    public static ChatEncoder load(Path modelDir) {
        return load(modelDir, null);
    }

    /** As {@link #load(Path)}, with the chat template called {@code templateName} (null: the default). */
    public static ChatEncoder load(Path modelDir, String templateName) {
        Tokenizer tokenizer = Tokenizer.load(modelDir);
        try {
            return new ChatEncoder(tokenizer, ChatTemplate.load(modelDir, templateName), null);
        } catch (ChatTemplateException e) {
            if (templateName != null) {
                tokenizer.close();
                throw e;
            }
            return new ChatEncoder(tokenizer, null, e);
        }
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The chat template, absent for models without one. */
    public Optional<ChatTemplate> template() {
        return Optional.ofNullable(template);
    }

    /** The rendered text of a conversation (no generation prompt), as {@link #encode} tokenizes it. */
    public String render(List<ChatMessage> messages) {
        return requireTemplate().render(messages, false);
    }

    @Override
    public EncodedExample encode(List<ChatMessage> messages) {
        return encode(messages, List.of());
    }

    /**
     * Function-calling conversations render with {@code tools} as the template variable (null when there are
     * none, as transformers passes it); an assistant turn's calls are part of its rendered, trained text.
     */
    @Override
    public EncodedExample encode(List<ChatMessage> messages, List<Map<String, Object>> tools) {
        ChatTemplate chat = requireTemplate();
        requireToolSupport(chat, messages, tools);
        Map<String, Object> variables = new HashMap<>();
        variables.put("tools", tools.isEmpty() ? null : tools);
        String text = chat.render(messages, false, variables);
        List<WeightedRange> trained = chat.hasGenerationBlocks()
                ? generationRanges(chat, messages, text, variables)
                : turnRanges(chat, messages, text, variables);
        Tokenizer.TokenSpans tokens = tokenizer.encodeWithSpans(text);
        float[] weights = new float[tokens.ids().length];
        for (WeightedRange range : trained) {
            // Token spans count code points; the ranges count UTF-16 chars.
            int from = text.codePointCount(0, range.start());
            int to = text.codePointCount(0, range.end());
            // Every token that overlaps the turn's text is trained, as transformers' assistant mask does
            // (char_to_token of the first and last character and all tokens between).
            for (int t = 0; t < weights.length; t++) {
                if (tokens.starts()[t] >= 0 && tokens.starts()[t] < to && tokens.ends()[t] > from) {
                    weights[t] = (float) range.weight();
                }
            }
        }
        return new EncodedExample(tokens.ids(), weights);
    }

    private record WeightedRange(int start, int end, double weight) {
    }

    private static void requireToolSupport(ChatTemplate chat, List<ChatMessage> messages,
                                           List<Map<String, Object>> tools) {
        if ((!tools.isEmpty() || messages.stream().anyMatch(ChatMessage::usesTools)) && !chat.supportsTools()) {
            throw new ChatTemplateException("The chat template (" + chat.origin() + ") does not support function"
                    + " calling (it never mentions tools or tool_calls), so it cannot render this dataset's tools,"
                    + " tool calls and tool results. Train on a model whose template supports tools (e.g. Qwen2.5 or"
                    + " Llama 3.1 Instruct), or choose such a template.");
        }
    }

    private static List<WeightedRange> turnRanges(ChatTemplate chat, List<ChatMessage> messages, String text,
                                                  Map<String, Object> variables) {
        List<WeightedRange> ranges = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (!message.isAssistant() || message.weight() == 0) {
                continue;
            }
            int[] range = TurnLocator.locate(chat, messages, i, text, variables);
            if (range == null) {
                throw new ChatTemplateException("The chat template (" + chat.origin() + ") renders the conversation "
                        + "up to message " + (i + 1) + " (assistant) differently from the way the whole conversation "
                        + "starts, so the assistant's trained text cannot be located. Use a template with "
                        + "{% generation %} blocks around assistant replies, or a template that renders earlier "
                        + "turns the same whatever follows.");
            }
            ranges.add(new WeightedRange(range[0], range[1], message.weight()));
        }
        return ranges;
    }

    private static List<WeightedRange> generationRanges(ChatTemplate chat, List<ChatMessage> messages, String text,
                                                        Map<String, Object> variables) {
        ChatTemplate.GenerationSpans marked = chat.renderWithGenerationSpans(messages, false, variables);
        List<ChatMessage> assistants = messages.stream().filter(ChatMessage::isAssistant).toList();
        if (!marked.text().equals(text) || marked.spans().size() != assistants.size()) {
            throw new ChatTemplateException("The chat template (" + chat.origin() + ") has " + marked.spans().size()
                    + " {% generation %} blocks for " + assistants.size() + " assistant messages; wrap each "
                    + "assistant reply in exactly one block.");
        }
        List<WeightedRange> ranges = new ArrayList<>();
        for (int k = 0; k < assistants.size(); k++) {
            int[] span = marked.spans().get(k);
            ranges.add(new WeightedRange(span[0], span[1], assistants.get(k).weight()));
        }
        return ranges;
    }

    /** Plain text for continued pretraining: the tokenizer's special tokens (e.g. BOS), the text, then EOS. */
    @Override
    public EncodedExample encodeText(String text) {
        int[] ids = tokenizer.encode(text, true);
        if (tokenizer.eosId().isPresent() && (ids.length == 0 || ids[ids.length - 1] != tokenizer.eosId().getAsInt())) {
            ids = Arrays.copyOf(ids, ids.length + 1);
            ids[ids.length - 1] = tokenizer.eosId().getAsInt();
        }
        float[] weights = new float[ids.length];
        Arrays.fill(weights, 1f);
        return new EncodedExample(ids, weights);
    }

    @Override
    public int[] encodePrompt(List<ChatMessage> messages) {
        return tokenizer.encode(requireTemplate().render(messages, true));
    }

    /** The text {@link #encodePrompt} tokenizes. */
    public String renderPrompt(List<ChatMessage> messages) {
        return requireTemplate().render(messages, true);
    }

    private ChatTemplate requireTemplate() {
        if (template == null) {
            throw new ChatTemplateException(missingTemplate.getMessage());
        }
        return template;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
