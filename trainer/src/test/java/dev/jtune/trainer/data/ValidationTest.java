package dev.jtune.trainer.data;

import dev.jtune.trainer.data.example.DatasetError;
import dev.jtune.trainer.data.example.DatasetException;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.format.ReadOptions;
import dev.jtune.trainer.text.ToolCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.jtune.trainer.data.TestFiles.chat;
import static dev.jtune.trainer.data.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationTest {

    @TempDir
    Path dir;

    private final DatasetLoader loader = new DatasetLoader();

    /** Each bad line of a messages file, with the words its reason must contain. */
    private static final List<String[]> BAD_MESSAGES = List.of(
            new String[] {"{\"messages\": [", "invalid JSON"},
            new String[] {"{\"conversation\": []}", "missing field \"messages\""},
            new String[] {"{\"messages\":[{\"role\":\"bot\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
                    "unknown role \"bot\"; allowed roles: system, user, assistant"},
            new String[] {"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "must end with an assistant turn"},
            new String[] {"{\"messages\":[{\"role\":\"user\",\"content\":\" \"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
                    "message 1 (user) has empty content"},
            new String[] {"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\",\"loss_weight\":-1}]}",
                    "loss_weight -1.0; it must be a number >= 0"},
            new String[] {"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\",\"loss_weight\":\"high\"}]}",
                    "\"loss_weight\" must be a number >= 0, found a string"},
            new String[] {"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\",\"loss_weight\":0}]}",
                    "nothing would be trained"},
            new String[] {"{\"messages\":[{\"role\":\"user\",\"content\":7},{\"role\":\"assistant\",\"content\":\"y\"}]}",
                    "\"content\" must be a string, found a number"},
            new String[] {"{\"messages\":[{\"content\":\"x\"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
                    "message 1: missing field \"role\""},
            new String[] {"[1, 2]", "expected one JSON object per line, found an array"},
            new String[] {chat("a", "b") + " {}", "invalid JSON"},
            new String[] {"{\"messages\":[]}", "\"messages\" is an empty array"},
            new String[] {"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"assistant\",\"content\":\"y\"}]}",
                    "system message may only come first"});

    @Test
    void everyBadLineIsReportedWithItsLineNumberAndReason() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(chat("good", "line"));
        for (String[] bad : BAD_MESSAGES) {
            lines.add(bad[0]);
        }
        Path f = write(dir, "bad.jsonl", lines.toArray(String[]::new));
        LoadReport report = loader.validate(f, ReadOptions.DEFAULT);
        assertEquals(1, report.validRecords());
        assertEquals(BAD_MESSAGES.size(), report.badRecords());
        Map<Long, String> byLine = report.errors().stream()
                .collect(Collectors.toMap(e -> e.location().line(), DatasetError::reason));
        for (int i = 0; i < BAD_MESSAGES.size(); i++) {
            String reason = byLine.get((long) i + 2);
            assertTrue(reason != null && reason.contains(BAD_MESSAGES.get(i)[1]),
                    "line " + (i + 2) + ": expected '" + BAD_MESSAGES.get(i)[1] + "' in " + reason);
        }
    }

    private static final String WEATHER_CALL = "{\"role\": \"user\", \"content\": \"weather?\"}, {\"role\": \"assistant\", "
            + "\"content\": null, \"tool_calls\": [{\"id\": \"c1\", \"type\": \"function\", \"function\": "
            + "{\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\"}}]}";

    @Test
    void functionCallingRecordsLoadWithTheirToolsCallsAndAnswers() {
        Path f = write(dir, "fc.jsonl", "{\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
                + "\"parameters\": {\"type\": \"object\"}}}], \"messages\": [" + WEATHER_CALL + ", {\"role\": \"tool\", "
                + "\"tool_call_id\": \"c1\", \"content\": \"sunny\"}, {\"role\": \"assistant\", \"content\": \"Sunny.\"}]}");
        LoadReport report = loader.validate(f, ReadOptions.DEFAULT);
        assertEquals(List.of(), report.errors());
        Example e = loader.load(f, DatasetOptions.DEFAULT).examples().get(0);
        assertEquals("get_weather", ((Map<?, ?>) e.tools().get(0).get("function")).get("name"));
        ToolCall call = e.messages().get(1).toolCalls().get(0);
        assertEquals(new ToolCall("c1", "get_weather", Map.of("city", "Paris")), call);
        assertEquals("c1", e.messages().get(2).toolCallId());
    }

    @Test
    void aToolMessageWithoutItsCallAndArgumentsThatAreNotJsonAreRefusedWithTheirLines() {
        Path f = write(dir, "bad-fc.jsonl", chat("a", "b"),
                "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"tool\", \"tool_call_id\": \"c9\", "
                        + "\"content\": \"sunny\"}, {\"role\": \"assistant\", \"content\": \"y\"}]}",
                "{\"messages\": [" + WEATHER_CALL + ", {\"role\": \"tool\", \"tool_call_id\": \"c2\", "
                        + "\"content\": \"sunny\"}, {\"role\": \"assistant\", \"content\": \"y\"}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"assistant\", \"tool_calls\": "
                        + "[{\"type\": \"function\", \"function\": {\"name\": \"f\", \"arguments\": \"{city: Paris\"}}]}, "
                        + "{\"role\": \"assistant\", \"content\": \"y\"}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"assistant\", \"tool_calls\": "
                        + "[{\"type\": \"function\", \"function\": {\"name\": \"f\", \"arguments\": \"[1, 2]\"}}]}, "
                        + "{\"role\": \"assistant\", \"content\": \"y\"}]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"tool\", \"content\": \"sunny\"}, "
                        + "{\"role\": \"assistant\", \"content\": \"y\"}]}");
        List<DatasetError> errors = loader.validate(f, ReadOptions.DEFAULT).errors();
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), errors.stream().map(e -> e.location().line()).toList());
        assertTrue(errors.get(0).reason().contains("message 2: this tool message answers \"tool_call_id\" \"c9\", but no"
                + " earlier assistant message made a call with that id"), errors.get(0).reason());
        assertTrue(errors.get(1).reason().contains("\"c2\""), errors.get(1).reason());
        assertTrue(errors.get(2).reason().contains("message 2, tool call 1: \"arguments\" is not valid JSON"),
                errors.get(2).reason());
        assertTrue(errors.get(3).reason().contains("\"arguments\" must be a JSON object or a string holding one,"
                + " found an array"), errors.get(3).reason());
        assertTrue(errors.get(4).reason().contains("message 2: this tool message answers no call"), errors.get(4).reason());
        assertEquals("bad-fc.jsonl:3", errors.get(1).location().toString());
    }

    @Test
    void invalidJsonCarriesTheParsersReason() {
        Path f = write(dir, "j.jsonl", chat("a", "b"), "{\"messages\": [}");
        DatasetError e = loader.validate(f, ReadOptions.DEFAULT).errors().get(0);
        assertEquals(2, e.location().line());
        assertTrue(e.reason().startsWith("invalid JSON: Unexpected close marker"), e.reason());
        assertEquals("j.jsonl:2", e.location().toString());
    }

    @Test
    void nonUtf8BytesAreReportedPerLineAndOtherLinesStillRead() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((chat("ok", "fine") + "\n").getBytes(StandardCharsets.UTF_8));
        out.write("{\"messages\":[{\"role\":\"user\",\"content\":\"caf".getBytes(StandardCharsets.UTF_8));
        out.write(new byte[] {(byte) 0xE9});  // Latin-1 é
        out.write("\"},{\"role\":\"assistant\",\"content\":\"y\"}]}\n".getBytes(StandardCharsets.UTF_8));
        out.write((chat("also", "fine") + "\n").getBytes(StandardCharsets.UTF_8));
        Path f = Files.write(dir.resolve("latin1.jsonl"), out.toByteArray());
        LoadReport r = loader.validate(f, ReadOptions.DEFAULT);
        assertEquals(2, r.validRecords());
        assertEquals(1, r.badRecords());
        assertEquals(2, r.errors().get(0).location().line());
        assertTrue(r.errors().get(0).reason().contains("not valid UTF-8"), r.errors().get(0).reason());

        Path csv = Files.write(dir.resolve("latin1.csv"), new byte[] {'q', ',', 'a', '\n', 'x', ',', (byte) 0xE9, '\n'});
        LoadReport c = loader.validate(csv, ReadOptions.DEFAULT);
        assertEquals(2, c.errors().get(0).location().line());
        assertTrue(c.errors().get(0).reason().contains("not valid UTF-8"));
    }

    @Test
    void csvAndShareGptRowErrors() {
        Path csv = write(dir, "f.csv", "question,answer", "q1,a1", "q2,a2,extra", "q3,", "\"multi", "line\",a5", ",a6");
        LoadReport r = loader.validate(csv, ReadOptions.DEFAULT);
        assertEquals(2, r.validRecords());
        assertEquals(List.of(3L, 4L, 7L), r.errors().stream().map(e -> e.location().line()).toList());
        assertTrue(r.errors().get(0).reason().contains("3 fields but the header has 2"));
        assertTrue(r.errors().get(1).reason().contains("empty answer (column 'answer')"));
        assertTrue(r.errors().get(2).reason().contains("empty question"));

        Path sg = write(dir, "s.jsonl", "{\"conversations\":[{\"from\":\"human\",\"value\":\"q\"},{\"from\":\"gpt\",\"value\":\"a\"}]}",
                "{\"conversations\":[{\"from\":\"robot\",\"value\":\"q\"},{\"from\":\"gpt\",\"value\":\"a\"}]}");
        DatasetError e = loader.validate(sg, ReadOptions.DEFAULT).errors().get(0);
        assertEquals(2, e.location().line());
        assertTrue(e.reason().contains("unknown speaker \"from\": \"robot\"; allowed: human, gpt, system"), e.reason());
    }

    @Test
    void loadingFailsWithFirstErrorsAndCountUnlessSkipping() {
        List<String> lines = new ArrayList<>(TestFiles.chats(12));
        for (int i = 0; i < 5; i++) {
            lines.add(3 + 2 * i, "not json " + i);
        }
        Path f = write(dir, "mixed.jsonl", lines.toArray(String[]::new));
        DatasetOptions show2 = new DatasetOptions(ReadOptions.DEFAULT, false, 0, 1, 10, 2);
        RejectedRecordsException e = assertThrows(RejectedRecordsException.class, () -> loader.load(f, show2));
        String m = e.getMessage();
        assertTrue(m.startsWith("mixed.jsonl: 5 bad records"), m);
        assertTrue(m.contains("line 4: invalid JSON") && m.contains("line 6: invalid JSON"), m);
        assertFalse(m.contains("line 8:"), "only the first 2 are listed: " + m);
        assertTrue(m.contains("... and 3 more") && m.contains("--skip-bad-lines"), m);
        assertEquals(5, e.report().badRecords());

        Dataset d = loader.load(f, show2.withSkipBadLines(true));
        assertEquals(12, d.size());
        assertEquals(5, d.report().skipped());
        assertTrue(d.report().warnings().get(0).startsWith("Skipped 5 bad records"), d.report().warnings().toString());
    }

    @Test
    void brokenJsonArrayIsFatalEvenWhenSkipping() {
        Path f = write(dir, "broken.json", "[", "{\"text\":\"a\"},", "{\"text\": oops},", "{\"text\":\"c\"}", "]");
        DatasetException e = assertThrows(DatasetException.class,
                () -> loader.load(f, DatasetOptions.DEFAULT.withSkipBadLines(true)));
        assertTrue(e.getMessage().contains("cannot be read past line 3") && e.getMessage().contains("cannot skip"),
                e.getMessage());
    }

    @Test
    void smallDatasetWarnsAndEmptyOneFails() {
        Dataset d = loader.load(write(dir, "few.jsonl", TestFiles.chats(3).toArray(String[]::new)), DatasetOptions.DEFAULT);
        assertEquals(3, d.size());
        assertTrue(d.report().warnings().stream().anyMatch(w -> w.startsWith("Only 3 examples")), d.report().warnings().toString());
        assertTrue(d.report().warnings().stream().anyMatch(w -> w.contains("fewer than 100") && w.contains("memorise")),
                "says what to expect: " + d.report().warnings());
        Dataset ninetyNine = loader.load(write(dir, "few99.jsonl", TestFiles.chats(99).toArray(String[]::new)),
                DatasetOptions.DEFAULT);
        assertTrue(ninetyNine.report().warnings().stream().anyMatch(w -> w.startsWith("Only 99 examples")),
                ninetyNine.report().warnings().toString());
        Dataset enough = loader.load(write(dir, "hundred.jsonl", TestFiles.chats(100).toArray(String[]::new)),
                DatasetOptions.DEFAULT);
        assertTrue(enough.report().warnings().isEmpty(), enough.report().warnings().toString());
        DatasetException empty = assertThrows(DatasetException.class,
                () -> loader.load(write(dir, "empty.jsonl", ""), DatasetOptions.DEFAULT.withRead(
                        ReadOptions.DEFAULT.withFormat(dev.jtune.trainer.data.format.DatasetFormat.MESSAGES))));
        assertTrue(empty.getMessage().contains("no usable examples"), empty.getMessage());
    }
}
