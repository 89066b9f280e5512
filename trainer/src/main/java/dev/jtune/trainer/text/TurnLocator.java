package dev.jtune.trainer.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds an assistant turn's trained text in a rendered conversation: what the template emits for the turn after
 * the generation prompt, the content plus its end-of-turn text (see {@link ChatEncoder}).
 *
 * <p>Most templates render a turn the same whatever follows, so the turn is the difference between
 * {@code messages[:i]} rendered with the generation prompt and {@code messages[:i+1]} rendered without. Two kinds
 * of real templates need more: Phi-3's closes a conversation with eos_token, which only the last turn is followed
 * by (that trailer is left out for earlier turns); Qwen3's renders the last assistant turn with a {@code <think>}
 * block that the same turn loses once a later user turn follows. For those the turn is found in the whole
 * conversation: its start is still the end of the generation prompt, its content is where rendering the
 * conversation with the content replaced by a marker differs, and its end-of-turn text is the one the template
 * writes after the content when the turn is rendered last.
 */
final class TurnLocator {

    private static final String MARKER = "\u2063JTuneTurnMarker\u2063";

    private TurnLocator() {
    }

    /** [start, end) of turn {@code i} (an assistant message) in {@code text}, or null when it cannot be located. */
    static int[] locate(ChatTemplate chat, List<ChatMessage> messages, int i, String text,
                        Map<String, Object> variables) {
        String prompt = chat.render(messages.subList(0, i), true, variables);
        String through = turnEnd(chat, messages.subList(0, i + 1), text, variables);
        if (through.startsWith(prompt) && text.startsWith(through)) {
            return new int[] {prompt.length(), through.length()};
        }
        if (!text.startsWith(prompt)) {
            return null;
        }
        List<ChatMessage> marked = new ArrayList<>(messages);
        ChatMessage m = messages.get(i);
        marked.set(i, new ChatMessage(m.role(), MARKER, m.lossWeight(), m.toolCalls(), m.toolCallId(),
                m.reasoningContent()));
        String markedText = chat.render(marked, false, variables);
        String markedThrough = turnEnd(chat, marked.subList(0, i + 1), markedText, variables);
        int contentStart = commonPrefix(text, markedText);
        int contentEnd = text.length() - commonSuffix(text, markedText, contentStart);
        int tail = commonSuffix(through, markedThrough, commonPrefix(through, markedThrough));
        if (contentStart < prompt.length() || contentEnd < contentStart
                || !text.regionMatches(contentEnd, through, through.length() - tail, tail)) {
            return null;
        }
        return new int[] {prompt.length(), contentEnd + tail};
    }

    /**
     * {@code messages} (ending with the turn) rendered without the generation prompt, less what the template
     * writes only at the very end of a conversation when {@code text} does not continue with it (Phi-3's
     * eos_token): the part where it differs from the same messages rendered with the generation prompt.
     */
    private static String turnEnd(ChatTemplate chat, List<ChatMessage> messages, String text,
                                  Map<String, Object> variables) {
        String through = chat.render(messages, false, variables);
        if (text.startsWith(through)) {
            return through;
        }
        String open = chat.render(messages, true, variables);
        return through.substring(0, commonPrefix(through, open));
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int k = 0;
        while (k < n && a.charAt(k) == b.charAt(k)) {
            k++;
        }
        return k;
    }

    /** Length of the common suffix, not reaching into the first {@code prefix} chars of either string. */
    private static int commonSuffix(String a, String b, int prefix) {
        int n = Math.min(a.length(), b.length()) - prefix;
        int k = 0;
        while (k < n && a.charAt(a.length() - 1 - k) == b.charAt(b.length() - 1 - k)) {
            k++;
        }
        return k;
    }
}
