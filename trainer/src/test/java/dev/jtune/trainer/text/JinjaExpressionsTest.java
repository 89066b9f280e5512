package dev.jtune.trainer.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Jinja2 expressions Jinjava would misparse render as in transformers (Qwen3's template uses both). */
class JinjaExpressionsTest {

    private static String render(String source, List<ChatMessage> messages) {
        return ChatTemplate.of(source, SpecialTokens.NONE).render(messages, false);
    }

    @Test
    void keywordArgumentValuesAreWholeExpressions() {
        String t = "{%- set ns = namespace(last=messages|length - 1, flag=true) %}{{ ns.last }} {{ ns.flag }}";
        assertEquals("2 true", render(t, List.of(new ChatMessage("user", "a"), new ChatMessage("assistant", "b"),
                new ChatMessage("user", "c"))));
    }

    @Test
    void reversingSliceWalksBackwards() {
        String t = "{% for m in messages[::-1] %}{{ m.content }}{% endfor %}";
        assertEquals("cba", render(t, List.of(new ChatMessage("user", "a"), new ChatMessage("assistant", "b"),
                new ChatMessage("user", "c"))));
    }

    @Test
    void macroDefaultsAndStringsAreLeftAsWritten() {
        String source = "{% macro f(x, tag='a=b') %}{{ tag }}{% endmacro %}{{ f(1) }}{{ 'k=[::-1]' }}";
        assertEquals(source, JinjaExpressions.rewrite(source));
        assertEquals("a=bk=[::-1]", render(source, List.of(new ChatMessage("user", "a"))));
    }
}
