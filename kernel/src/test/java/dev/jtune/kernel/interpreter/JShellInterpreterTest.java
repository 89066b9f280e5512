package dev.jtune.kernel.interpreter;

import dev.jtune.kernel.display.Display;
import dev.jtune.kernel.display.DisplayPublisher;
import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.display.Notebook;
import dev.jtune.kernel.display.RendererRegistry;
import dev.jtune.kernel.exec.Completion;
import dev.jtune.kernel.io.OutputStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interpreter driven directly, without Jupyter: the cell grammar, magics, completion, failures. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JShellInterpreterTest {
    static final StringBuilder out = new StringBuilder();
    static final List<MimeBundle> shown = new ArrayList<>();
    static OutputStreams streams;
    static JShellInterpreter interpreter;
    static int count;

    @BeforeAll
    static void start() {
        streams = new OutputStreams((name, text) -> {
            synchronized (out) {
                out.append(text);
            }
        });
        Display display = new Display(new RendererRegistry(), new DisplayPublisher() {
            @Override
            public void display(MimeBundle bundle, String displayId) {
                shown.add(bundle);
            }

            @Override
            public void update(MimeBundle bundle, String displayId) {
                shown.add(bundle);
            }
        });
        Notebook.bind(display);
        interpreter = new JShellInterpreter(display, streams, Path.of("").toAbsolutePath(),
                JShellInterpreterTest.class.getClassLoader());
    }

    @AfterAll
    static void stop() {
        streams.close();
    }

    @BeforeEach
    void clear() {
        streams.flush();
        synchronized (out) {
            out.setLength(0);
        }
        shown.clear();
    }

    static CellOutcome run(String code) {
        CellOutcome outcome = interpreter.execute(code, ++count);
        streams.flush();
        return outcome;
    }

    static String printed() {
        synchronized (out) {
            return out.toString();
        }
    }

    @Test
    void javaValuesAndStateCarryAcrossCells() {
        assertTrue(run("int kept = 41;").ok());
        CellOutcome value = run("kept + 1");
        assertTrue(value.ok(), String.valueOf(value.error()));
        assertEquals("42", value.result().plainText());
    }

    @Test
    void compileErrorsNameTheCellAndLine() {
        CellOutcome failed = run("int a = 1;\nint b = \"x\";");
        assertEquals("CompilationError", failed.error().ename());
        assertTrue(String.join("\n", failed.error().traceback()).contains("Cell In[" + count + "], line 2"),
                failed.error().traceback().toString());
    }

    @Test
    void magicsGetTheWordsSplitOnceWithApostrophesKept() {
        CellOutcome outcome = run("%echo tiny What's my \"two words\"");
        assertTrue(outcome.ok(), String.valueOf(outcome.error()));
        assertEquals(List.of("tiny", "What's", "my", "two words"), RecordingMagics.RECEIVED.get(RecordingMagics.RECEIVED.size() - 1));
        assertTrue(printed().contains("What's\nmy\ntwo words"), printed());
    }

    @Test
    void anUnclosedQuoteIsAnErrorNamingTheColumn() {
        CellOutcome outcome = run("%echo a \"b c");
        assertEquals("UsageError", outcome.error().ename());
        assertTrue(outcome.error().evalue().contains("column 9"), outcome.error().evalue());
    }

    @Test
    void unknownMagicsSuggestTheClosestName() {
        CellOutcome outcome = run("%ecko hi");
        assertEquals("UnknownMagic", outcome.error().ename());
        assertTrue(outcome.error().evalue().contains("%echo"), outcome.error().evalue());
    }

    @Test
    void extensionsLoadOnceRegisterRenderersAndDeclareVariables() {
        assertEquals(1, RecordingMagics.LOADED.get());
        CellOutcome greeting = run("new dev.jtune.kernel.interpreter.RecordingMagics.Greeting(\"Ada\")");
        assertEquals("Hello, Ada", greeting.result().plainText());
        run("%echo one");
        CellOutcome seen = run("echoes.get(echoes.size() - 1)");
        assertEquals("[one]", seen.result().plainText());
    }

    @Test
    void aFailureOutsideUserCodeEndsTheCellNotTheKernel() {
        CellOutcome outcome = run("""
                class Huge implements dev.jtune.kernel.display.Displayable {
                    public dev.jtune.kernel.display.MimeBundle toMimeBundle() { throw new OutOfMemoryError("Java heap space"); }
                }
                new Huge()""");
        assertEquals("OutOfMemoryError", outcome.error().ename());
        assertTrue(outcome.error().evalue().contains("JTUNE_JAVA_OPTS=-Xmx"), outcome.error().evalue());
        assertEquals("2", run("1 + 1").result().plainText());
    }

    @Test
    void aMagicRunningOutOfMemoryEndsItsCellOnly() {
        CellOutcome outcome = run("%exhaust");
        assertEquals("OutOfMemoryError", outcome.error().ename());
        assertTrue(outcome.error().evalue().startsWith("%exhaust ran out of memory (Java heap space"), outcome.error().evalue());
        assertTrue(outcome.error().evalue().contains("JTUNE_JAVA_OPTS=-Xmx"), outcome.error().evalue());
        assertEquals("3", run("1 + 2").result().plainText());
    }

    @Test
    void interruptStopsABusyLoopAndReportsIt() throws Exception {
        CompletableFuture<CellOutcome> cell = CompletableFuture.supplyAsync(() -> run("while (true) {}"));
        Thread.sleep(500);
        interpreter.interrupt();
        CellOutcome outcome = cell.get(20, TimeUnit.SECONDS);
        assertEquals("Interrupted", outcome.error().ename());
    }

    @Test
    void completesMagicNamesFlagsAndFlagValues() {
        assertTrue(interpreter.complete("%ec", 3).matches().contains("echo"));
        Completion flag = interpreter.complete("%echo --me", 10);
        assertEquals(List.of("--method"), flag.matches());
        assertEquals(6, flag.start());
        Completion value = interpreter.complete("x();\n%echo --method l", 21);
        assertEquals(List.of("lora"), value.matches());
        assertEquals(20, value.start());
        // surefire runs in the module's folder, which has a pom.xml and a src/ folder
        assertEquals(List.of("pom.xml"), interpreter.complete("%classpath po", 13).matches());
        assertTrue(interpreter.complete("%jars sr", 8).matches().contains("src/"));
    }

    @Test
    void completesACellMagicsBodyByTheMagicOrAsJava() {
        Completion keys = interpreter.complete("%%echo --name x\nalpha: 1\nbe", 27);
        assertEquals(List.of("beta: "), keys.matches());
        assertEquals(25, keys.start());
        assertTrue(interpreter.complete("%%time\nMath.ma", 14).matches().contains("max("));
    }

    @Test
    void completesMembersOfVariablesDeclaredEarlierInTheCell() {
        String code = "String s = \"x\"; s.toUpp";
        Completion members = interpreter.complete(code, code.length());
        assertTrue(members.matches().stream().anyMatch(m -> m.startsWith("toUpperCase")), members.toString());
        assertEquals(code.indexOf("toUpp"), members.start());
        assertEquals(code.length(), members.end());
        run("StringBuilder earlier = new StringBuilder();");
        String next = "earlier.appe";
        assertTrue(interpreter.complete(next, next.length()).matches().stream().anyMatch(m -> m.startsWith("append")));
    }

    @Test
    void inspectionShowsTheSignatureOrTheMagicsHelp() {
        String code = "\"x\".substring";
        String doc = interpreter.inspect(code, code.length()).orElseThrow().plainText();
        assertTrue(doc.contains("String String.substring(int"), doc);
        String magic = interpreter.inspect("%echo a", 2).orElseThrow().plainText();
        assertTrue(magic.contains("Prints its words"), magic);
    }

    @Test
    void isCompleteFollowsJavaAndMagics() {
        assertEquals("incomplete", interpreter.isComplete("for (int i = 0; i < 3; i++) {").status());
        assertEquals("complete", interpreter.isComplete("%echo x\nint y = 2;").status());
        assertEquals("complete", interpreter.isComplete("%%echo\nanything {").status());
        assertEquals("incomplete", interpreter.isComplete("%%time\nfor (int i = 0; i < 3; i++) {").status());
        assertEquals("complete", interpreter.isComplete("%%time\nint t = 1;").status());
        assertNull(interpreter.isComplete("1 + 1").indent());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shutdownReachesEveryExtensionOnce() {
        assertEquals(0, RecordingMagics.SHUT_DOWN.get());
        interpreter.shutdown(Duration.ofSeconds(1));
        assertEquals(1, RecordingMagics.SHUT_DOWN.get());
    }
}
