package dev.jtune.magics.cli;

import dev.jtune.kernel.magic.Suggestions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code %%finetune}: the cell body is YAML with the same names as the flags ({@code lr: 2e-4},
 * {@code batch_size: 8} or {@code batch-size: 8}). It becomes flags and goes through the same parser, so
 * the rules and messages are the same; a message about a body key names the key and its line.
 */
public final class FinetuneYaml {
    private static final YAMLFactory YAML = new YAMLFactory();

    private FinetuneYaml() {
    }

    /**
     * @param headerWords the words after {@code %%finetune} (flags such as {@code --name JOB})
     * @param body       the YAML cell body
     */
    public static ParsedCommand parse(List<String> headerWords, String body) {
        Map<String, Integer> lineOfKey = new LinkedHashMap<>();
        List<String> words = new ArrayList<>(headerWords);
        words.addAll(toFlags(body, lineOfKey));
        return CommandParser.parse(new FinetuneCommand(), words, spec -> describe(spec, lineOfKey));
    }

    private static String describe(ArgSpec spec, Map<String, Integer> lineOfKey) {
        if (spec instanceof OptionSpec option) {
            String key = option.longestName().substring(2);
            Integer line = lineOfKey.get(key);
            if (line != null) {
                return "'" + key + ":' (line " + line + " of the cell body)";
            }
        }
        return ParameterErrors.flagName(spec);
    }

    static List<String> toFlags(String body, Map<String, Integer> lineOfKey) {
        List<String> flags = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return flags;
        }
        List<String> known = FinetuneCommand.parameterNames();
        List<String> allowed = new ArrayList<>(known);
        allowed.add("background");
        allowed.add("dry-run");
        try (JsonParser parser = YAML.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return flags;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new UsageError("%%finetune: the cell body must be 'key: value' lines such as 'lr: 2e-4' (line "
                        + parser.currentLocation().getLineNr() + ").");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int line = parser.currentTokenLocation().getLineNr();
                String key = parser.currentName().trim().replace('_', '-');
                if (!allowed.contains(key)) {
                    List<String> close = Suggestions.closest(key, allowed);
                    throw new UsageError("%%finetune: line " + line + " of the cell body: unknown parameter '" + parser.currentName()
                            + "'." + (close.isEmpty() ? "" : " Did you mean " + String.join(" or ", close) + "?")
                            + " See %finetune --help for the parameters.");
                }
                lineOfKey.put(key, line);
                JsonToken value = parser.nextToken();
                String text = valueText(parser, value, key, line);
                if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    if (key.equals("background") || key.equals("dry-run")) {
                        if (value == JsonToken.VALUE_TRUE) {
                            flags.add("--" + key);
                        }
                        continue;
                    }
                    flags.add("--" + key + "=" + text);
                } else if (text != null) {
                    flags.add("--" + key);
                    flags.add(text);
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new UsageError("%%finetune: the cell body is not valid YAML near line " + line
                    + "; write one 'key: value' per line, such as 'lr: 2e-4'.");
        } catch (IOException e) {
            throw new UsageError("%%finetune: the cell body could not be read: " + e.getMessage());
        }
        return flags;
    }

    private static String valueText(JsonParser parser, JsonToken value, String key, int line) throws IOException {
        if (value == JsonToken.START_ARRAY) {
            List<String> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken().isStructStart()) {
                    throw nested(key, line);
                }
                items.add(parser.getText());
            }
            return String.join(",", items);
        }
        if (value == JsonToken.START_OBJECT) {
            throw nested(key, line);
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        return parser.getText();
    }

    private static UsageError nested(String key, int line) {
        return new UsageError("%%finetune: line " + line + " of the cell body: '" + key
                + ":' takes one value (or a list of names for lora-targets), not a nested block.");
    }
}
