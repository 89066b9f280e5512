package dev.jtune.trainer.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.SafeString;

import java.util.Map;

/**
 * {@code tojson} as HuggingFace's template environment defines it: Python's {@code json.dumps} with
 * {@code ensure_ascii=False}, its ", " and ": " separators, and the {@code indent} / {@code sort_keys} arguments
 * (tool-calling templates print tool schemas with {@code tojson(indent=4)}). Jinjava's own filter prints compact
 * JSON, which would change the rendered prompt.
 */
final class PythonJsonFilter implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, args, Map.of());
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object indent = kwargs.getOrDefault("indent", args.length > 0 ? args[0] : null);
        boolean sortKeys = Boolean.TRUE.equals(kwargs.get("sort_keys"));
        try {
            return dumps(var instanceof SafeString s ? s.toString() : var,
                    indent == null ? -1 : ((Number) toNumber(indent)).intValue(), sortKeys);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tojson cannot serialize " + var + ": " + e.getOriginalMessage(), e);
        }
    }

    private static Object toNumber(Object value) {
        return value instanceof Number ? value : Integer.valueOf(value.toString());
    }

    /** {@code json.dumps(value, ensure_ascii=False, indent=indent < 0 ? None : indent, sort_keys=sortKeys)}. */
    static String dumps(Object value, int indent, boolean sortKeys) throws JsonProcessingException {
        // json.dumps writes ", " between items on one line, and "," where a newline and the indent follow
        Separators.Spacing betweenItems = indent < 0 ? Separators.Spacing.AFTER : Separators.Spacing.NONE;
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEntrySpacing(betweenItems)
                .withArrayValueSpacing(betweenItems)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter.Indenter indenter = indent < 0 ? new DefaultPrettyPrinter.NopIndenter()
                : new DefaultIndenter(" ".repeat(indent), "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        ObjectWriter writer = JSON.writer(printer);
        if (sortKeys) {
            writer = writer.with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        }
        return writer.writeValueAsString(value);
    }
}
