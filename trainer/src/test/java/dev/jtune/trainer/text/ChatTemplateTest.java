package dev.jtune.trainer.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatTemplateTest {

    private static final SpecialTokens CHATML = new SpecialTokens(null, "<|im_end|>", "<|endoftext|>", null);
    private static final List<ChatMessage> HI = List.of(new ChatMessage("user", "  Hi  "));

    private static String render(String source) {
        return ChatTemplate.of(source, CHATML).render(HI, false);
    }

    @Test
    void notBindsLooserThanTestsAndComparisonsAsInJinja2() {
        assertEquals("ok", render("{% if not messages is none %}ok{% endif %}"));
        assertEquals("ok", render("{% if not 'tool_calls' in messages[0] %}ok{% endif %}"));
        assertEquals("ok", render("{% if not messages|length == 2 %}ok{% endif %}"));
        assertEquals("ok", render("{% if not messages is none and not foo is defined %}ok{% endif %}"));
        assertEquals("ok", render("{{- 'ok' if not (messages is none) else 'no' -}}"));
        assertEquals("True", render("{{ 'x' not in 'abc' }}").replace("true", "True"));
        assertEquals("ok", render("{% if messages is not none %}ok{% endif %}"));
    }

    @Test
    void supportsPythonStringMethods() {
        assertEquals("Hi|Hi  |  Hi|True|True|HI|hi|['a', 'b']|b|2",
                render("{{ messages[0].content.strip() }}|{{ messages[0].content.lstrip() }}|"
                        + "{{ messages[0].content.rstrip() }}|{{ 'abc'.startswith('a') }}|{{ 'abc'.endswith(('x', 'c')) }}|"
                        + "{{ 'Hi'.upper() }}|{{ 'Hi'.lower() }}|{{ 'a b'.split() }}|{{ 'a</think>b'.split('</think>')[-1] }}|"
                        + "{{ 'abcb'.count('b') }}").replace("true", "True"));
    }

    @Test
    void tojsonPrintsLikePythonJsonDumps() {
        Map<String, Object> vars = Map.of("tool", Map.of("name", "f", "args", List.of(1, "é")));
        String out = ChatTemplate.of("{{ tool | tojson }}|{{ tool | tojson(indent=2) }}", CHATML).render(HI, false, vars);
        // Map.of has no stable order, so check the parts json.dumps formats: ", " and ": " and indent
        assertTrue(out.contains("\"args\": [1, \"é\"]"), out);
        assertTrue(out.contains("\n  \"name\": \"f\""), out);
        assertTrue(out.contains("[\n    1,\n    \"é\"\n  ]"), out);
    }

    @Test
    void strftimeNowReadsTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2024-07-26T10:00:00Z"), ZoneOffset.UTC);
        ChatTemplate template = ChatTemplate.of("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M') }}"
                + "{% if strftime_now is defined %}|defined{% endif %}", CHATML).withClock(clock);
        assertEquals("26 Jul 2024|2024-07-26 10:00|defined", template.render(HI, false));
    }

    @Test
    void raiseExceptionSurfacesTheTemplatesMessage() {
        ChatTemplate template = ChatTemplate.of("{% if messages[0].role != 'system' %}"
                + "{{ raise_exception('A system message is required!') }}{% endif %}", CHATML);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> template.render(HI, false));
        assertTrue(e.getMessage().contains("rejected the conversation: A system message is required!"), e.getMessage());
    }

    @Test
    void brokenTemplateNamesTheLine() {
        ChatTemplate template = ChatTemplate.of("ok\n{{ messages[0].content.nosuchmethod() }}", CHATML);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> template.render(HI, false));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void generationBlocksRenderTheirBodyAndMarkSpans() {
        ChatTemplate template = ChatTemplate.of("{% for m in messages %}<{{ m.role }}>{% if m.role == 'assistant' %}"
                + "{% generation %}{{ m.content }}</s>{% endgeneration %}{% else %}{{ m.content }}{% endif %}{% endfor %}",
                CHATML);
        List<ChatMessage> chat = List.of(new ChatMessage("user", "q"), new ChatMessage("assistant", "ä"));
        assertTrue(template.hasGenerationBlocks());
        assertEquals("<user>q<assistant>ä</s>", template.render(chat, false));
        ChatTemplate.GenerationSpans spans = template.renderWithGenerationSpans(chat, false);
        assertEquals("<user>q<assistant>ä</s>", spans.text());
        assertEquals(1, spans.spans().size());
        int[] span = spans.spans().get(0);
        assertEquals("ä</s>", spans.text().substring(span[0], span[1]));
    }

    @Test
    void dropsOneTrailingNewlineLikeJinja2() {
        assertEquals("a\n", render("a\n\n"));
    }

    @Test
    void loadsNamedTemplatesFromAList(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": {\"content\": \"</s>\", \"lstrip\": false},"
                + "\"chat_template\": [{\"name\": \"default\", \"template\": \"D{{ eos_token }}\"},"
                + "{\"name\": \"tool_use\", \"template\": \"T\"}]}");
        assertEquals("D</s>", ChatTemplate.load(dir).render(HI, false));
        assertEquals("T", ChatTemplate.load(dir, "tool_use").render(HI, false));
        assertEquals(List.of("default", "tool_use"), ChatTemplate.names(dir));
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> ChatTemplate.load(dir, "rag"));
        assertTrue(e.getMessage().contains("no chat template named \"rag\"") && e.getMessage().contains("tool_use"),
                e.getMessage());
    }

    @Test
    void prefersChatTemplateJinjaOverTokenizerConfig(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"config\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), "file\n");
        assertEquals("file", ChatTemplate.load(dir).render(HI, false));
    }

    @Test
    void specialTokensFallBackToSpecialTokensMap(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": \"{{ bos_token }}|{{ eos_token }}\","
                + "\"bos_token\": null}");
        Files.writeString(dir.resolve("special_tokens_map.json"), "{\"bos_token\": \"<s>\","
                + "\"eos_token\": {\"content\": \"</s>\", \"lstrip\": false, \"normalized\": false}}");
        // an explicit null in tokenizer_config.json wins; a missing field comes from special_tokens_map.json
        assertEquals("|</s>", ChatTemplate.load(dir).render(HI, false));
        assertEquals(new SpecialTokens(null, "</s>", null, null), SpecialTokens.read(dir));
    }

    @Test
    void missingTemplateSaysWhatToDo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> ChatTemplate.load(dir));
        assertTrue(e.getMessage().startsWith("The model folder " + dir + " has no chat template;"), e.getMessage());
    }
}
