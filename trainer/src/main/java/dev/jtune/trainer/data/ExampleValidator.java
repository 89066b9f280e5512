package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.text.ChatMessage;

import java.util.List;
import java.util.Set;

/**
 * The rules an example must meet before it is trained on, whatever file format it came from: known roles,
 * no empty turns, a final assistant turn to learn, and sane loss weights.
 */
public final class ExampleValidator {

    public static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    /** The reason {@code example} cannot be trained on, or null when it is fine. */
    public String problem(Example example) {
        if (example.isText()) {
            return example.text().isBlank() ? "empty text" : null;
        }
        List<ChatMessage> messages = example.messages();
        if (messages.isEmpty()) {
            return "the conversation has no messages";
        }
        boolean anyWeight = false;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String where = "message " + (i + 1) + " (" + m.role() + ")";
            if (!ROLES.contains(m.role())) {
                return "message " + (i + 1) + " has unknown role \"" + m.role() + "\"; allowed roles: system, user, assistant, tool";
            }
            if (m.role().equals("system") && i > 0) {
                return where + ": a system message may only come first";
            }
            // An assistant turn that calls tools says it all in its calls; OpenAI leaves its content null.
            if ((m.content() == null || m.content().isBlank()) && m.toolCalls().isEmpty()) {
                return where + " has empty content";
            }
            if (m.lossWeight() != null) {
                double w = m.lossWeight();
                if (Double.isNaN(w) || Double.isInfinite(w) || w < 0) {
                    return where + " has loss_weight " + w + "; it must be a number >= 0 (0 leaves the turn out of the loss)";
                }
            }
            if (m.isAssistant() && m.weight() > 0) {
                anyWeight = true;
            }
        }
        ChatMessage last = messages.get(messages.size() - 1);
        if (!last.isAssistant()) {
            return "the conversation ends with a " + last.role() + " message; it must end with an assistant turn to learn from";
        }
        if (!anyWeight) {
            return "every assistant turn has loss_weight 0, so nothing would be trained";
        }
        return example.isPreference() ? pairProblem(example) : null;
    }

    /** What keeps a preference pair (whose prompt + chosen conversation is fine) from being trained on, or null. */
    private static String pairProblem(Example example) {
        if (example.prompt().isEmpty()) {
            return "the prompt is empty: a preference pair compares two answers to the same prompt";
        }
        List<ChatMessage> rejected = example.rejected();
        for (int i = 0; i < rejected.size(); i++) {
            ChatMessage m = rejected.get(i);
            if (!ROLES.contains(m.role()) || m.role().equals("system")) {
                return "rejected message " + (i + 1) + " has role \"" + m.role() + "\"; an answer has assistant"
                        + " (and tool) messages";
            }
            if ((m.content() == null || m.content().isBlank()) && m.toolCalls().isEmpty()) {
                return "rejected message " + (i + 1) + " (" + m.role() + ") has empty content";
            }
        }
        if (rejected.isEmpty() || !rejected.get(rejected.size() - 1).isAssistant()) {
            return "the rejected answer must end with an assistant message";
        }
        if (sameAnswer(example.chosen(), rejected)) {
            return "the chosen and the rejected answer are the same, so there is no preference to learn: "
                    + "fix the pair or leave it out";
        }
        return null;
    }

    private static boolean sameAnswer(List<ChatMessage> a, List<ChatMessage> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            ChatMessage x = a.get(i);
            ChatMessage y = b.get(i);
            if (!x.role().equals(y.role()) || !java.util.Objects.equals(x.content().strip(), y.content().strip())
                    || !x.toolCalls().equals(y.toolCalls())) {
                return false;
            }
        }
        return true;
    }
}
