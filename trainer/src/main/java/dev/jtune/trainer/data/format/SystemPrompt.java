package dev.jtune.trainer.data.format;

import dev.jtune.trainer.text.ChatMessage;

import java.util.ArrayList;
import java.util.List;

/** Puts a default system prompt in front of conversations that bring none of their own. */
final class SystemPrompt {

    private SystemPrompt() {
    }

    static List<ChatMessage> prepend(String own, String fallback, List<ChatMessage> turns) {
        String system = own != null ? own : fallback;
        if (system == null || system.isBlank() || (!turns.isEmpty() && "system".equals(turns.get(0).role()))) {
            return turns;
        }
        List<ChatMessage> all = new ArrayList<>(turns.size() + 1);
        all.add(new ChatMessage("system", system));
        all.addAll(turns);
        return all;
    }
}
