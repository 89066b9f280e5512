package dev.jtune.magics.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.jtune.kernel.magic.MagicException;
import dev.jtune.trainer.text.ChatMessage;

/**
 * The chat {@code %chat} sends: an optional system message, then the prompt. A {@code %%chat} body whose lines
 * start with {@code user:} / {@code assistant:} (or {@code system:}) is a multi-turn conversation; lines without
 * a role continue the message above.
 */
final class Conversation {
    private Conversation() {
    }

    static List<ChatMessage> of(String system, String prompt) throws MagicException {
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null && !system.isBlank()) {
            messages.add(new ChatMessage("system", system));
        }
        List<String[]> turns = turns(prompt);
        if (turns.isEmpty()) {
            messages.add(new ChatMessage("user", prompt.strip()));
            return messages;
        }
        for (String[] turn : turns) {
            messages.add(new ChatMessage(turn[0], turn[1].strip()));
        }
        ChatMessage last = messages.get(messages.size() - 1);
        if (!last.role().equals("user")) {
            throw new MagicException("UsageError", "%%chat: the conversation must end with a 'user:' line for the model to answer; "
                    + "it ends with '" + last.role() + ":'.", null);
        }
        return messages;
    }

    /** [role, text] pairs, or an empty list when no line starts with a role. */
    private static List<String[]> turns(String prompt) {
        List<String[]> turns = new ArrayList<>();
        StringBuilder current = null;
        String role = null;
        for (String line : prompt.split("\n", -1)) {
            String found = roleOf(line);
            if (found != null) {
                if (role != null) {
                    turns.add(new String[] {role, current.toString()});
                }
                role = found;
                current = new StringBuilder(line.substring(line.indexOf(':') + 1).strip());
            } else if (role != null) {
                current.append('\n').append(line);
            } else if (!line.isBlank()) {
                return List.of();
            }
        }
        if (role != null) {
            turns.add(new String[] {role, current.toString()});
        }
        return turns;
    }

    private static String roleOf(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String role = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        return role.equals("user") || role.equals("assistant") || role.equals("system") ? role : null;
    }
}
