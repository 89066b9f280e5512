package dev.jtune.kernel.shell;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.kernel.protocol.Json;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Inputs (and plain-text outputs) of this kernel session, numbered by execution count. */
final class History {
    private static final int SESSION = 1;

    private record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    /** The content of a history_reply for a history_request. */
    synchronized ObjectNode reply(ObjectNode request) {
        boolean output = request.path("output").asBoolean(false);
        String type = request.path("hist_access_type").asText("tail");
        List<Entry> selected = switch (type) {
            case "range" -> range(request.path("start").asInt(0), request.path("stop").asInt(Integer.MAX_VALUE));
            case "search" -> search(request.path("pattern").asText("*"), request.path("unique").asBoolean(false),
                    request.path("n").asInt(0));
            default -> tail(request.path("n").asInt(10));
        };
        ObjectNode content = Json.object();
        content.put("status", "ok");
        ArrayNode history = content.putArray("history");
        for (Entry e : selected) {
            ArrayNode row = history.addArray();
            row.add(SESSION).add(e.line());
            if (output) {
                row.addArray().add(e.input()).add(e.output());
            } else {
                row.add(e.input());
            }
        }
        return content;
    }

    private List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    private List<Entry> range(int start, int stop) {
        return entries.stream().filter(e -> e.line() >= start && e.line() < stop).toList();
    }

    /** IPython's glob patterns: * any text, ? one character. */
    private List<Entry> search(String glob, boolean unique, int n) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        Pattern pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
        List<Entry> matches = new ArrayList<>();
        Set<String> inputs = new LinkedHashSet<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (pattern.matcher(e.input()).matches() && (!unique || inputs.add(e.input()))) {
                matches.add(0, e);
            }
        }
        return n > 0 ? List.copyOf(matches.subList(Math.max(0, matches.size() - n), matches.size())) : matches;
    }
}
