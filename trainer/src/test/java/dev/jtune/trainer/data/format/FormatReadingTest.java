package dev.jtune.trainer.data.format;

import dev.jtune.trainer.data.Dataset;
import dev.jtune.trainer.data.DatasetLoader;
import dev.jtune.trainer.data.DatasetOptions;
import dev.jtune.trainer.data.example.DatasetException;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.text.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.jtune.trainer.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormatReadingTest {

    @TempDir
    Path dir;

    private final DatasetLoader loader = new DatasetLoader();

    private Dataset load(Path file) {
        return loader.load(file, DatasetOptions.DEFAULT);
    }

    private Dataset load(Path file, ReadOptions read) {
        return loader.load(file, DatasetOptions.DEFAULT.withRead(read));
    }

    @Test
    void openAiMessagesJsonlWithLossWeight() {
        Path f = write(dir, "chat.jsonl",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"assistant\",\"content\":\"hello\",\"loss_weight\":2.5}]}",
                "",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\",\"weight\":0},"
                        + "{\"role\":\"user\",\"content\":\"c\"},{\"role\":\"assistant\",\"content\":\"d\"}]}");
        Dataset d = load(f);
        assertEquals(DatasetFormat.MESSAGES, d.report().format());
        assertEquals(2, d.size());
        Example first = d.examples().get(0);
        assertEquals(List.of("system", "user", "assistant"), first.messages().stream().map(ChatMessage::role).toList());
        assertEquals(2.5, first.messages().get(2).weight());
        assertEquals(1, first.source().line());
        Example second = d.examples().get(1);
        assertEquals(3, second.source().line(), "blank lines still count for line numbers");
        assertEquals(0.0, second.messages().get(1).weight());
        assertNull(second.messages().get(3).lossWeight());
    }

    @Test
    void messagesAsJsonArrayWithLinesOfEachRecord() {
        Path f = write(dir, "chat.json", "[", "  " + chatObj("q1", "a1") + ",", "  " + chatObj("q2", "a2"), "]");
        Dataset d = load(f);
        assertEquals(DatasetFormat.MESSAGES, d.report().format());
        assertEquals(List.of(2L, 3L), d.examples().stream().map(e -> e.source().line()).toList());
        assertEquals("a2", d.examples().get(1).messages().get(1).content());
    }

    @Test
    void textContentPartsAreConcatenated() {
        Path f = write(dir, "parts.jsonl", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"he\"},"
                + "{\"type\":\"text\",\"text\":\"llo\"}]},{\"role\":\"assistant\",\"content\":\"hi\"}]}");
        assertEquals("hello", load(f).examples().get(0).messages().get(0).content());
    }

    @Test
    void csvQuestionAnswerWithSystemPromptAndQuotedCommas() {
        Path f = write(dir, "faq.csv", "question,answer", "Hours?,\"9 to 5, weekdays\"", "\"Multi\nline?\",yes");
        Dataset d = load(f, ReadOptions.DEFAULT.withSystemPrompt("You are a bank."));
        assertEquals(DatasetFormat.CSV, d.report().format());
        assertEquals(2, d.size());
        List<ChatMessage> m = d.examples().get(0).messages();
        assertEquals(new ChatMessage("system", "You are a bank."), m.get(0));
        assertEquals(new ChatMessage("user", "Hours?"), m.get(1));
        assertEquals(new ChatMessage("assistant", "9 to 5, weekdays"), m.get(2));
        assertEquals(2, d.examples().get(0).source().line());
        assertEquals(3, d.examples().get(1).source().line());
        assertEquals("Multi\nline?", d.examples().get(1).messages().get(1).content());
    }

    @Test
    void csvColumnMappingAndPerRowSystemColumn() {
        Path f = write(dir, "pairs.csv", "id,Ask,Reply,persona", "1,q1,a1,pirate", "2,q2,a2,");
        Dataset d = load(f, ReadOptions.DEFAULT.withColumns(ColumnMapping.parse("question=ask,answer=reply,system=persona")));
        assertEquals(new ChatMessage("system", "pirate"), d.examples().get(0).messages().get(0));
        assertEquals(new ChatMessage("assistant", "a1"), d.examples().get(0).messages().get(2));
        assertEquals(List.of("user", "assistant"), d.examples().get(1).messages().stream().map(ChatMessage::role).toList(),
                "an empty system cell means no system message");
        DatasetException e = assertThrows(DatasetException.class, () -> load(f));
        assertTrue(e.getMessage().contains("no column 'question'") && e.getMessage().contains("ask, reply"), e.getMessage());
    }

    @Test
    void csvCommonAliasColumnsAndTsvAndExcelBom() {
        Path csv = write(dir, "pr.csv", "\uFEFFprompt,response", "p,r");
        assertEquals("r", load(csv).examples().get(0).messages().get(1).content());
        Path tsv = write(dir, "t.tsv", "question\tanswer", "a, b\tc");
        assertEquals("a, b", load(tsv).examples().get(0).messages().get(0).content());
    }

    @Test
    void promptResponseJsonl() {
        Path f = write(dir, "pr.jsonl", "{\"prompt\":\"2+2?\",\"response\":\"4\",\"system\":\"math\"}",
                "{\"prompt\":\"3+3?\",\"completion\":\"6\"}");
        Dataset d = load(f);
        assertEquals(DatasetFormat.PROMPT_RESPONSE, d.report().format());
        assertEquals(List.of(new ChatMessage("system", "math"), new ChatMessage("user", "2+2?"),
                new ChatMessage("assistant", "4")), d.examples().get(0).messages());
        assertEquals("6", d.examples().get(1).messages().get(1).content());
    }

    @Test
    void alpacaWithInputAndHistory() {
        Path f = write(dir, "alpaca.json", "[{\"instruction\":\"Translate\",\"input\":\"hola\",\"output\":\"hello\","
                + "\"history\":[[\"hi\",\"hey\"]]}, {\"instruction\":\"Say yes\",\"input\":\"\",\"output\":\"yes\"}]");
        Dataset d = load(f);
        assertEquals(DatasetFormat.ALPACA, d.report().format());
        assertEquals(List.of(new ChatMessage("user", "hi"), new ChatMessage("assistant", "hey"),
                new ChatMessage("user", "Translate\nhola"), new ChatMessage("assistant", "hello")), d.examples().get(0).messages());
        assertEquals(new ChatMessage("user", "Say yes"), d.examples().get(1).messages().get(0));
    }

    @Test
    void shareGpt() {
        Path f = write(dir, "sg.jsonl", "{\"system\":\"s\",\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},"
                + "{\"from\":\"gpt\",\"value\":\"a\"}]}");
        Dataset d = load(f);
        assertEquals(DatasetFormat.SHAREGPT, d.report().format());
        assertEquals(List.of(new ChatMessage("system", "s"), new ChatMessage("user", "q"), new ChatMessage("assistant", "a")),
                d.examples().get(0).messages());
    }

    @Test
    void textJsonlAndPlainTextByLineOrParagraph() {
        Dataset jsonl = load(write(dir, "t.jsonl", "{\"text\":\"one\"}", "{\"text\":\"two\"}"));
        assertEquals(DatasetFormat.TEXT, jsonl.report().format());
        assertEquals(List.of("one", "two"), jsonl.examples().stream().map(Example::text).toList());

        Path txt = write(dir, "c.txt", "a1", "a2", "", "", "b1");
        Dataset lines = load(txt);
        assertEquals(List.of("a1", "a2", "b1"), lines.examples().stream().map(Example::text).toList());
        assertEquals(5, lines.examples().get(2).source().line());
        Dataset paragraphs = load(txt, ReadOptions.DEFAULT.withTextUnit(TextUnit.PARAGRAPH));
        assertEquals(List.of("a1\na2", "b1"), paragraphs.examples().stream().map(Example::text).toList());
        assertEquals(List.of(1L, 5L), paragraphs.examples().stream().map(e -> e.source().line()).toList());
    }

    @Test
    void namedFormatOverridesDetectionAndMismatchesAreExplained() {
        Path f = write(dir, "data.jsonl", "{\"text\":\"x\",\"prompt\":\"p\",\"response\":\"r\"}");
        assertEquals(DatasetFormat.PROMPT_RESPONSE, load(f).report().format(), "detection is by fields, most specific first");
        assertEquals(DatasetFormat.TEXT, load(f, ReadOptions.DEFAULT.withFormat(DatasetFormat.parse("text"))).report().format());
        Path csv = write(dir, "x.csv", "question,answer", "q,a");
        DatasetException e = assertThrows(DatasetException.class,
                () -> load(csv, ReadOptions.DEFAULT.withFormat(DatasetFormat.ALPACA)));
        assertTrue(e.getMessage().contains("--format alpaca"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> DatasetFormat.parse("yaml"));
        assertTrue(bad.getMessage().contains("auto|messages|csv|prompt-response|alpaca|sharegpt|text"), bad.getMessage());
    }

    @Test
    void undetectableFormatListsFieldsSeen() {
        Path f = write(dir, "odd.jsonl", "{\"foo\":1,\"bar\":2}");
        DatasetException e = assertThrows(DatasetException.class, () -> load(f));
        assertTrue(e.getMessage().contains("[foo, bar]") && e.getMessage().contains("--format"), e.getMessage());
        Path pretty = write(dir, "one.json", "{", "  \"messages\": []", "}");
        DatasetException p = assertThrows(DatasetException.class, () -> load(pretty));
        assertTrue(p.getMessage().contains("pretty-printed JSON object"), p.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> ColumnMapping.parse("question=q"));
        assertTrue(m.getMessage().contains("answer column"), m.getMessage());
        assertEquals(new ColumnMapping("q", "a", "s"), ColumnMapping.parse("q,a,s"));
        DatasetException missing = assertThrows(DatasetException.class, () -> load(dir.resolve("nope.jsonl")));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }

    private static String chatObj(String q, String a) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + q + "\"},{\"role\":\"assistant\",\"content\":\"" + a + "\"}]}";
    }
}
