package dev.jtune.trainer.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.Node;
import jinjava.javax.el.CompositeELResolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A model's chat template rendered with Jinjava in the environment transformers uses ({@code trim_blocks},
 * {@code lstrip_blocks}, {@code raise_exception}, {@code tojson}, {@code strftime_now}, Python string methods,
 * the {@code generation} block). Found in {@code chat_template.jinja} (new hub layout) or in
 * {@code tokenizer_config.json} {@code chat_template} (a string, or a list of named templates).
 */
public final class ChatTemplate {

    /** The name transformers picks when a model ships several templates. */
    public static final String DEFAULT_NAME = "default";

    private final String source;
    /** {@link #source} as handed to Jinjava, with Jinja2's scope of {@code not} and keyword arguments explicit. */
    private final String parsedSource;
    private final String origin;
    private final SpecialTokens specialTokens;
    private final Clock clock;
    private final Jinjava jinjava;
    private final Node tree;

    private ChatTemplate(String source, String origin, SpecialTokens specialTokens, Clock clock) {
        // Jinja2 (keep_trailing_newline=False, as transformers uses it) drops one trailing newline of the source.
        this.source = source.endsWith("\r\n") ? source.substring(0, source.length() - 2)
                : source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        this.parsedSource = JinjaExpressions.rewrite(JinjaNotPrecedence.rewrite(this.source));
        this.origin = origin;
        this.specialTokens = specialTokens;
        this.clock = clock;
        this.jinjava = newEngine();
        this.tree = parse();
    }

    /** A template from its source text, e.g. for tests or a user-supplied override. */
    public static ChatTemplate of(String source, SpecialTokens specialTokens) {
        return new ChatTemplate(source, "the given chat template", specialTokens, Clock.systemDefaultZone());
    }

    /** The model folder's default chat template. */
    public static ChatTemplate load(Path modelDir) {
        return load(modelDir, null);
    }

    /**
     * The model folder's chat template called {@code name} ({@code null} or "default" for the default one), from
     * {@code chat_template.jinja}, {@code additional_chat_templates/<name>.jinja} or {@code tokenizer_config.json}.
     */
    public static ChatTemplate load(Path modelDir, String name) {
        boolean wantDefault = name == null || DEFAULT_NAME.equals(name);
        JsonNode config = Tokenizer.readOptionalJson(modelDir.resolve("tokenizer_config.json"));
        SpecialTokens special = SpecialTokens.read(modelDir);
        Path jinjaFile = modelDir.resolve("chat_template.jinja");
        if (wantDefault && Files.isRegularFile(jinjaFile)) {
            return new ChatTemplate(read(jinjaFile), jinjaFile.toString(), special, Clock.systemDefaultZone());
        }
        if (!wantDefault) {
            Path named = modelDir.resolve("additional_chat_templates").resolve(name + ".jinja");
            if (Files.isRegularFile(named)) {
                return new ChatTemplate(read(named), named.toString(), special, Clock.systemDefaultZone());
            }
        }
        JsonNode inConfig = config == null ? null : config.get("chat_template");
        Path configFile = modelDir.resolve("tokenizer_config.json");
        if (inConfig != null && inConfig.isTextual() && wantDefault) {
            return new ChatTemplate(inConfig.asText(), configFile + " (chat_template)", special,
                    Clock.systemDefaultZone());
        }
        if (inConfig != null && inConfig.isArray()) {
            String wanted = wantDefault ? DEFAULT_NAME : name;
            for (JsonNode entry : inConfig) {
                if (wanted.equals(entry.path("name").asText()) && entry.path("template").isTextual()) {
                    return new ChatTemplate(entry.get("template").asText(),
                            configFile + " (chat_template \"" + wanted + "\")", special, Clock.systemDefaultZone());
                }
            }
        }
        List<String> available = names(modelDir);
        if (available.isEmpty()) {
            throw new ChatTemplateException("The model folder " + modelDir + " has no chat template; it has neither "
                    + "chat_template.jinja nor a chat_template in tokenizer_config.json. Use a chat/instruct model, "
                    + "add a chat_template.jinja to the folder, or train on plain text instead of messages.");
        }
        throw new ChatTemplateException("The model folder " + modelDir + " has no chat template named \""
                + (wantDefault ? DEFAULT_NAME : name) + "\"; its templates are " + available
                + ". Choose one of them by name.");
    }

    /** Names of the templates a model folder offers ("default" for the unnamed one). */
    public static List<String> names(Path modelDir) {
        TreeSet<String> names = new TreeSet<>();
        if (Files.isRegularFile(modelDir.resolve("chat_template.jinja"))) {
            names.add(DEFAULT_NAME);
        }
        Path additional = modelDir.resolve("additional_chat_templates");
        if (Files.isDirectory(additional)) {
            try (Stream<Path> files = Files.list(additional)) {
                files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".jinja"))
                        .forEach(f -> names.add(f.substring(0, f.length() - ".jinja".length())));
            } catch (IOException e) {
                throw new TextAssetException("Cannot list " + additional + ": " + e.getMessage(), e);
            }
        }
        JsonNode config = Tokenizer.readOptionalJson(modelDir.resolve("tokenizer_config.json"));
        JsonNode inConfig = config == null ? null : config.get("chat_template");
        if (inConfig != null && inConfig.isTextual()) {
            names.add(DEFAULT_NAME);
        } else if (inConfig != null && inConfig.isArray()) {
            inConfig.forEach(e -> names.add(e.path("name").asText()));
        }
        return new ArrayList<>(names);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TextAssetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The same template reading the date for {@code strftime_now} from {@code clock} (tests pin it). */
    public ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(source, origin, specialTokens, Objects.requireNonNull(clock));
    }

    /** Renders the conversation; {@code addGenerationPrompt} appends the header of the next assistant turn. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /** Renders with extra template variables (e.g. {@code tools}, {@code date_string}, {@code enable_thinking}). */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
        return renderRaw(messages, addGenerationPrompt, variables, false);
    }

    /**
     * Renders and returns where the template's {@code {% generation %}} blocks put their text, as half-open
     * ranges of {@code char} indexes into the text. Empty when the template has no such blocks.
     */
    public GenerationSpans renderWithGenerationSpans(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return renderWithGenerationSpans(messages, addGenerationPrompt, Map.of());
    }

    /** As {@link #renderWithGenerationSpans(List, boolean)} with extra template variables (e.g. {@code tools}). */
    public GenerationSpans renderWithGenerationSpans(List<ChatMessage> messages, boolean addGenerationPrompt,
                                                     Map<String, ?> variables) {
        String marked = renderRaw(messages, addGenerationPrompt, variables, true);
        StringBuilder text = new StringBuilder(marked.length());
        List<int[]> spans = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == GenerationTag.START) {
                start = text.length();
            } else if (c == GenerationTag.END) {
                spans.add(new int[] {start, text.length()});
            } else {
                text.append(c);
            }
        }
        return new GenerationSpans(text.toString(), spans);
    }

    /** A rendered chat and the character ranges its {@code generation} blocks produced. */
    public record GenerationSpans(String text, List<int[]> spans) {
    }

    /** Whether the template marks trained text with {@code {% generation %}} blocks. */
    public boolean hasGenerationBlocks() {
        return source.matches("(?s).*\\{%-?\\s*generation\\s*-?%}.*");
    }

    public String source() {
        return source;
    }

    /**
     * Whether the template can render function calling. Templates that can read the {@code tools} variable or a
     * message's {@code tool_calls}; one that mentions neither would silently drop the calls from the text.
     */
    public boolean supportsTools() {
        return source.contains("tools") || source.contains("tool_calls");
    }

    /** Where the template came from (file and field), for messages. */
    public String origin() {
        return origin;
    }

    public SpecialTokens specialTokens() {
        return specialTokens;
    }

    private String renderRaw(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> variables,
                             boolean markGeneration) {
        Map<String, Object> context = new HashMap<>();
        // Variables transformers passes; unset specials are None there, so they are null (not undefined) here.
        context.put("messages", toTemplateMessages(messages));
        context.put("add_generation_prompt", addGenerationPrompt);
        context.put("bos_token", specialTokens.bos() == null ? "" : specialTokens.bos());
        context.put("eos_token", specialTokens.eos() == null ? "" : specialTokens.eos());
        context.put("pad_token", specialTokens.pad());
        context.put("unk_token", specialTokens.unk());
        context.put("tools", null);
        context.put("documents", null);
        context.putAll(variables);
        context.put(TemplateFunctions.CLOCK_VARIABLE, clock);
        // Llama 3.x templates test `strftime_now is defined` before calling it; Jinjava's functions are not
        // variables, so a same-named variable makes the test true (calls still resolve to the function).
        context.put("strftime_now", "strftime_now");
        context.put("raise_exception", "raise_exception");
        context.put(GenerationTag.MARK_VARIABLE, markGeneration);
        Context scope = new Context(jinjava.getGlobalContext(), context, jinjava.getGlobalConfig().getDisabled());
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, scope, jinjava.getGlobalConfig());
        JinjavaInterpreter.pushCurrent(interpreter);
        String output;
        try {
            output = interpreter.render(tree);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        throwOnErrors(interpreter.getErrorsCopy());
        return output;
    }

    private void throwOnErrors(List<TemplateError> errors) {
        for (TemplateError error : errors) {
            Throwable raised = raisedBy(error);
            if (raised != null) {
                throw new ChatTemplateException("The chat template (" + origin + ") rejected the conversation: "
                        + raised.getMessage());
            }
        }
        for (TemplateError error : errors) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new ChatTemplateException("The chat template (" + origin + ") failed at line "
                        + error.getLineno() + ": " + error.getMessage()
                        + ". The template uses something the renderer does not support, or is broken; "
                        + "check that line or pass a corrected template.");
            }
        }
    }

    /** Parses once: rendering a parsed tree is several times faster than rendering the source text each time. */
    private Node parse() {
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            Node parsed = interpreter.parse(parsedSource);
            throwOnErrors(interpreter.getErrorsCopy());
            return parsed;
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    private static Throwable raisedBy(TemplateError error) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof TemplateRaisedException) {
                return t;
            }
        }
        return null;
    }

    private static List<Map<String, Object>> toTemplateMessages(List<ChatMessage> messages) {
        List<Map<String, Object>> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            // The keys and shapes transformers hands templates: OpenAI tool_calls with arguments as a dict.
            if (!m.toolCalls().isEmpty()) {
                map.put("tool_calls", m.toolCalls().stream().map(ChatTemplate::toTemplateCall).toList());
            }
            if (m.toolCallId() != null) {
                map.put("tool_call_id", m.toolCallId());
            }
            if (m.reasoningContent() != null) {
                map.put("reasoning_content", m.reasoningContent());
            }
            out.add(map);
        }
        return out;
    }

    private static Map<String, Object> toTemplateCall(ToolCall call) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        function.put("arguments", call.arguments());
        Map<String, Object> map = new LinkedHashMap<>();
        if (call.id() != null) {
            map.put("id", call.id());
        }
        map.put("type", "function");
        map.put("function", function);
        return map;
    }

    /**
     * Jinja2's behaviour where Jinjava kept older defaults, except "whitespace required within tokens", which
     * would leave {@code {{'<|im_start|>' + ...}}} (common in hub templates) unrendered.
     */
    private static final LegacyOverrides PYTHON_SEMANTICS = LegacyOverrides.newBuilder()
            .withEvaluateMapKeys(true)
            .withIterateOverMapKeys(true)
            .withUsePyishObjectMapper(true)
            .withUseNaturalOperatorPrecedence(true)
            .withParseWhitespaceControlStrictly(true)
            .withAllowAdjacentTextNodes(true)
            .withUseTrimmingForNotesAndExpressions(true)
            .withKeepNullableLoopValues(true)
            .withWhitespaceRequiredWithinTokens(false)
            .build();

    private static Jinjava newEngine() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withNestedInterpretationEnabled(false)
                .withLstripBlocks(true)
                .withLegacyOverrides(PYTHON_SEMANTICS)
                .withElResolver(resolver)
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                TemplateFunctions.class, "raiseException", Object.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now",
                TemplateFunctions.class, "strftimeNow", String.class));
        jinjava.getGlobalContext().registerFilter(new PythonJsonFilter());
        jinjava.getGlobalContext().registerExpTest(new PythonIterableTest());
        jinjava.getGlobalContext().registerTag(new GenerationTag());
        return jinjava;
    }
}
