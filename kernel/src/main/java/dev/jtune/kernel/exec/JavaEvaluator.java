package dev.jtune.kernel.exec;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs Java source in one JShell whose snippets execute in this JVM. Only one thread evaluates (the
 * kernel's execution thread); completion, inspection and is_complete may come from the shell thread at any
 * time and wait on {@link AnalysisGate} only while JShell compiles.
 */
public final class JavaEvaluator implements AutoCloseable {
    private static final List<String> STARTUP_IMPORTS = List.of(
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.math.*;",
            "import java.nio.file.*;",
            "import java.time.*;",
            "import static dev.jtune.kernel.display.Notebook.*;");

    private final AnalysisGate gate = new AnalysisGate();
    private final InterruptibleExecutionControl control;
    private final JShell jshell;
    private final SourceCodeAnalysis analysis;
    private final StackTraceFormatter traces = new StackTraceFormatter();
    private final java.util.Map<String, SnippetOrigin> origins = new java.util.concurrent.ConcurrentHashMap<>();
    private Object lastValue;

    public JavaEvaluator() {
        this.control = new InterruptibleExecutionControl(new InterruptibleExecutionControl.ExecutionHooks() {
            @Override
            public void userCodeStarting() {
                gate.userCodeStarting();
            }

            @Override
            public void userCodeFinished() {
                gate.userCodeFinished();
            }

            @Override
            public void valueProduced(Object value) {
                lastValue = value;
            }
        });
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        this.jshell = JShell.builder()
                .executionEngine(new InterruptibleExecutionProvider(control), java.util.Map.of())
                .out(quiet).err(quiet)
                .fileManager(ClasspathListingCache::new)
                .build();
        this.analysis = jshell.sourceCodeAnalysis();
        // The compiler sees the kernel's own classpath (kernel, trainer, magics and their libraries) because
        // JShell starts from java.class.path; at run time those classes still come from the application class
        // loader, so objects are shared. Adding the entries again would put every jar on the path twice.
        for (String imp : STARTUP_IMPORTS) {
            jshell.eval(imp);
        }
        // Warm the compiler and the execution path now, so the user's first cell is as fast as the others.
        dropTempVars(jshell.eval("0"));
        dropTempVars(jshell.eval("Math.max(1, 2)"));
    }

    public void addToClasspath(String path) {
        gate.enterCompile();
        try {
            jshell.addToClasspath(path);
        } finally {
            gate.leaveCompile();
        }
    }

    public void interrupt() {
        control.interrupt();
    }

    public void resetInterrupt() {
        control.resetInterrupt();
    }

    public boolean interruptRequested() {
        return InterruptCheck.isRequested();
    }

    /**
     * Evaluates every snippet of {@code code} in order and stops at the first failure.
     *
     * @param cellLabel  how tracebacks name the cell, e.g. "Cell In[3]"
     * @param firstLine  the line of the cell (1-based) where {@code code} starts
     */
    public JavaResult eval(String code, String cellLabel, int firstLine) {
        JavaResult result = JavaResult.nothing();
        for (SourceChunk chunk : split(code)) {
            int line = firstLine + countLines(code, chunk.offset());
            result = evalSnippet(chunk.source(), cellLabel, line);
            if (!result.ok()) {
                return result;
            }
        }
        return result;
    }

    /** Declares {@code type name} in JShell holding {@code value}. */
    public JavaResult bind(String name, Class<?> type, Object value) {
        String key = Bindings.put(value);
        String typeName = type.getCanonicalName() == null ? "Object" : type.getCanonicalName();
        return evalSnippet(typeName + " " + name + " = (" + typeName + ") " + Bindings.class.getName()
                + ".take(\"" + key + "\");", "binding of " + name, 1);
    }

    private JavaResult evalSnippet(String source, String cellLabel, int line) {
        List<SnippetEvent> events;
        lastValue = null;
        gate.enterCompile();
        try {
            events = jshell.eval(source);
        } catch (IllegalStateException e) {
            return JavaResult.failed(CellError.of("InternalError", "JShell failed: " + e.getMessage()));
        } finally {
            gate.leaveCompile();
        }
        try {
            if (InterruptCheck.isRequested()) {
                return JavaResult.failed(control.takeAbandoned() ? abandonedError() : CellError.interrupted());
            }
            return outcome(events, source, cellLabel, line);
        } finally {
            dropTempVars(events);
        }
    }

    /**
     * JShell keeps each expression's value as a temp variable ($1, $2, ...) and imports every live one into
     * each later snippet's wrapper, so compile time grew with every expression cell (a `1 + 1` took 19 ms of
     * CPU after 300 cells instead of 9). The notebook shows values as Out[n] and never names them, so they
     * are dropped once their value has been taken.
     */
    private void dropTempVars(List<SnippetEvent> events) {
        gate.enterCompile();
        try {
            for (SnippetEvent event : events) {
                Snippet snippet = event.snippet();
                if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                        && jshell.status(snippet).isActive()) {
                    jshell.drop(snippet);
                }
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            // JShell closed or the snippet is gone: nothing left to drop.
        } finally {
            gate.leaveCompile();
        }
    }

    private JavaResult outcome(List<SnippetEvent> events, String source, String cellLabel, int line) {
        JavaResult result = JavaResult.nothing();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), new SnippetOrigin(cellLabel, line));
            if (event.status() == Snippet.Status.REJECTED) {
                return JavaResult.failed(compileError(snippet, source, cellLabel, line));
            }
            JShellException ex = event.exception();
            if (ex != null) {
                return JavaResult.failed(runtimeError(ex, cellLabel, line));
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String missing = jshell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet)
                        .collect(Collectors.joining(", "));
                System.err.println("Note: " + describe(snippet) + " refers to " + missing
                        + ", which is not declared yet; it can be used once that is declared.");
            }
            if (showsValue(snippet)) {
                result = new JavaResult(true, lastValue, event.value(), null);
            }
        }
        return result;
    }

    private static CellError abandonedError() {
        return CellError.of("Interrupted", "The cell was interrupted, but its thread was inside library code that "
                + "does not check for interrupts and this JDK has no Thread.stop; it keeps running in the "
                + "background. Restart the kernel if it holds resources you need.");
    }

    private static boolean showsValue(Snippet snippet) {
        if (snippet instanceof ExpressionSnippet) {
            return snippet.subKind() != Snippet.SubKind.ASSIGNMENT_SUBKIND;
        }
        return snippet instanceof VarSnippet && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private static String describe(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet d) {
            return d.name();
        }
        return "this snippet";
    }

    private CellError compileError(Snippet snippet, String source, String cellLabel, int line) {
        List<Diag> diags = jshell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        if (diags.isEmpty()) {
            diags = jshell.diagnostics(snippet).collect(Collectors.toList());
        }
        List<String> traceback = new ArrayList<>();
        String first = "the snippet could not be compiled";
        for (Diag d : diags) {
            // JShell's wrapper class has no name users know: drop "location: class " lines about it.
            String message = d.getMessage(Locale.ENGLISH).lines()
                    .filter(l -> !l.strip().equals("location: class"))
                    .collect(Collectors.joining("\n"));
            if (traceback.isEmpty()) {
                first = message.lines().findFirst().orElse(message);
            }
            int pos = (int) Math.max(0, Math.min(d.getStartPosition(), source.length()));
            int diagLine = line + countLines(source, pos);
            traceback.add(Ansi.red(cellLabel + ", line " + diagLine) + ": " + message);
            traceback.add(pointAt(source, (int) d.getStartPosition(), (int) d.getEndPosition()));
        }
        if (traceback.isEmpty()) {
            traceback.add(Ansi.red(cellLabel + ", line " + line) + ": " + first);
        }
        return new CellError("CompilationError", first, traceback);
    }

    /** The source line of a diagnostic with carets under the offending range. */
    private static String pointAt(String source, int start, int end) {
        if (start < 0 || start > source.length()) {
            return "";
        }
        int lineStart = source.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
        if (start == 0) {
            lineStart = 0;
        }
        int lineEnd = source.indexOf('\n', start);
        if (lineEnd < 0) {
            lineEnd = source.length();
        }
        int caretEnd = Math.max(start + 1, Math.min(end < 0 ? start + 1 : end, lineEnd));
        return "    " + source.substring(lineStart, lineEnd) + "\n    " + " ".repeat(start - lineStart)
                + Ansi.green("^".repeat(Math.max(1, caretEnd - start)));
    }

    private CellError runtimeError(JShellException ex, String cellLabel, int line) {
        if (ex instanceof UnresolvedReferenceException ure) {
            String missing = jshell.unresolvedDependencies(ure.getSnippet()).collect(Collectors.joining(", "));
            String msg = describe(ure.getSnippet()) + " cannot run until " + missing + " is declared.";
            return CellError.of("UnresolvedReference", msg);
        }
        if (ex instanceof EvalException ee) {
            if (CellInterruptedError.class.getName().equals(ee.getExceptionClassName())) {
                return CellError.interrupted();
            }
            return traces.format(ee, this::snippetLocation);
        }
        return CellError.of(ex.getClass().getSimpleName(), ex.getMessage());
    }

    /** JShell names a snippet's frames by file "#id" with lines counted from the snippet's first line. */
    private String snippetLocation(StackTraceElement frame) {
        SnippetOrigin origin = origins.get(frame.getFileName().substring(1));
        if (origin == null) {
            return "snippet " + frame.getFileName() + ", line " + frame.getLineNumber();
        }
        return origin.cellLabel() + ", line " + (origin.line() + Math.max(0, frame.getLineNumber() - 1));
    }

    // ---- analysis (any thread) ----

    public Completion complete(String code, int cursor) {
        return gate.analyze(() -> {
            int start = snippetStart(code, cursor);
            String declared = localDeclarations(code.substring(0, start));
            if (!declared.isEmpty()) {
                Completion inBlock = suggestions(declared + code.substring(start, cursor), start - declared.length());
                if (!inBlock.matches().isEmpty()) {
                    return inBlock;
                }
            }
            return suggestions(code.substring(start, cursor), start);
        }, new Completion(List.of(), cursor, cursor));
    }

    /** Suggestions at the end of {@code text}, which starts at offset {@code origin} of the cell. */
    private Completion suggestions(String text, int origin) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(text, text.length(), anchor);
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType).forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completion(List.copyOf(matches), origin + anchor[0], origin + text.length());
    }

    /**
     * The variables and statements of the cell before the snippet being completed, opened as a block: JShell
     * completes one snippet against what has already run, so {@code String s = "x"; s.toUpp} in one cell would
     * know nothing of {@code s}. Inside a block the compiler sees the declarations as locals. Methods and types
     * cannot be block statements and are left out; empty when there is nothing to add.
     */
    private String localDeclarations(String before) {
        if (before.isBlank()) {
            return "";
        }
        StringBuilder block = new StringBuilder();
        for (SourceChunk chunk : split(before)) {
            for (Snippet snippet : analysis.sourceToSnippets(chunk.source())) {
                if (snippet.kind() == Snippet.Kind.VAR || snippet.kind() == Snippet.Kind.STATEMENT) {
                    block.append(snippet.source()).append('\n');
                }
            }
        }
        return block.length() == 0 ? "" : "{\n" + block;
    }

    /** Signature and javadoc of what is under the cursor, or null. */
    public String inspect(String code, int cursor) {
        return gate.analyze(() -> {
            int start = snippetStart(code, cursor);
            int end = cursor;
            while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
                end++;
            }
            String text = code.substring(start, end);
            List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(text, text.length(), true);
            if (docs.isEmpty()) {
                docs = analysis.documentation(text + "(", text.length() + 1, true);
            }
            if (docs.isEmpty()) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            for (SourceCodeAnalysis.Documentation doc : docs) {
                sb.append(doc.signature()).append('\n');
                String summary = firstSentence(doc.javadoc());
                if (!summary.isEmpty()) {
                    sb.append(summary).append("\n\n");
                }
            }
            return sb.toString().strip();
        }, null);
    }

    /**
     * The summary of a Javadoc comment, as javadoc itself takes it: up to the first period followed by white
     * space, before any block tag, with HTML tags and {@code {@code x}} markup reduced to their text.
     */
    static String firstSentence(String javadoc) {
        if (javadoc == null) {
            return "";
        }
        String text = javadoc.split("(?m)^\\s*@", 2)[0]
                .replaceAll("\\{@(?:code|link|linkplain|literal) ([^}]*)}", "$1")
                .replaceAll("<[^>]+>", "")
                .replaceAll("\\s+", " ")
                .strip();
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("\\.(\\s|$)").matcher(text);
        return end.find() ? text.substring(0, end.start() + 1) : text;
    }

    /** "complete", "incomplete" or "invalid" for the Java text of a cell. */
    public String isComplete(String code) {
        return gate.analyze(() -> {
            String remaining = code;
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                switch (info.completeness()) {
                    case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
                        return "incomplete";
                    case UNKNOWN:
                        return "invalid";
                    default:
                        break;
                }
                if (info.remaining().length() >= remaining.length()) {
                    break;
                }
                remaining = info.remaining();
            }
            return "complete";
        }, "unknown");
    }

    /** Start offset of the snippet the cursor is in: JShell completes one snippet at a time. */
    private int snippetStart(String code, int cursor) {
        String before = code.substring(0, cursor);
        int start = 0;
        while (start < cursor) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(before.substring(start));
            if (!info.completeness().isComplete() || info.remaining().isBlank()) {
                break;
            }
            int next = before.length() - info.remaining().length();
            if (next <= start) {
                break;
            }
            start = next;
        }
        while (start < cursor && Character.isWhitespace(code.charAt(start))) {
            start++;
        }
        return start;
    }

    private List<SourceChunk> split(String code) {
        List<SourceChunk> chunks = new ArrayList<>();
        int consumed = 0;
        String remaining = code;
        gate.enterCompile();
        try {
            while (!remaining.isBlank()) {
                int lead = 0;
                while (lead < remaining.length() && Character.isWhitespace(remaining.charAt(lead))) {
                    lead++;
                }
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                if (!info.completeness().isComplete() || info.remaining().length() >= remaining.length()) {
                    chunks.add(new SourceChunk(remaining.substring(lead), consumed + lead));
                    break;
                }
                if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
                    // JShell's source keeps the newline that ended the previous snippet; the chunk starts after it,
                    // or every diagnostic in it would be reported one line too low.
                    String source = info.source();
                    int skip = 0;
                    while (skip < lead && skip < source.length() && Character.isWhitespace(source.charAt(skip))) {
                        skip++;
                    }
                    chunks.add(new SourceChunk(source.substring(skip), consumed + lead));
                }
                consumed += remaining.length() - info.remaining().length();
                remaining = info.remaining();
            }
        } finally {
            gate.leaveCompile();
        }
        return chunks;
    }

    private static int countLines(String text, int end) {
        int n = 0;
        for (int i = 0; i < end && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        jshell.close();
    }

    private record SnippetOrigin(String cellLabel, int line) {
    }

    private record SourceChunk(String source, int offset) {
    }
}
