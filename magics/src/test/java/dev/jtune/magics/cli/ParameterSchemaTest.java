package dev.jtune.magics.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.jtune.trainer.cli.JTuneTrain;
import dev.jtune.trainer.cli.JobOptions;
import dev.jtune.trainer.job.JobConfig;
import dev.jtune.trainer.job.JobParameter;
import dev.jtune.trainer.job.JobParameters;
import dev.jtune.trainer.job.ValueRange;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Walks the declared job parameters through every surface that takes them: {@code %finetune} flags, the
 * {@code %%finetune} YAML body, {@code jtune-train finetune} and {@code %jobs copy --set}. Each accepts the default
 * and both ends of the range (and every choice), and refuses one step outside with a message that names the
 * parameter the way that surface writes it. The values come from the schema itself, so a new parameter is
 * walked without editing this test.
 */
class ParameterSchemaTest {

    static List<JobParameter> parameters() {
        return JobParameters.all();
    }

    /** Values the parameter must accept: its default, both ends of its range, every choice. */
    static List<String> accepted(JobParameter p) {
        List<String> values = new ArrayList<>();
        if (p.defaultValue() != null) {
            values.add(JobParameter.text(p.defaultValue()));
        }
        ValueRange r = p.range();
        switch (p.kind()) {
            case WHOLE, LONG -> {
                values.add(whole(r.minIncluded() ? r.min() : r.min() + 1, p));
                values.add(whole(r.maxIncluded() ? r.max() : r.max() - 1, p));
            }
            case NUMBER -> {
                values.add(Double.toString(r.minIncluded() ? r.min() : Math.nextUp(r.min())));
                values.add(Double.toString(r.maxIncluded() ? r.max() : Math.nextDown(r.max())));
            }
            case CHOICE -> values.addAll(p.choices());
            case SWITCH -> values.addAll(List.of("true", "false"));
            case NAMES -> values.addAll(List.of("all-linear", "q_proj,v_proj"));
            case TEXT -> values.add(p.name().equals("base") ? "tiny" : p.name().equals("time") ? "01:30:00" : "job-1");
        }
        return values;
    }

    /** Values one step outside: below the low end and above the high end, or a word that is not a choice. */
    static List<String> refused(JobParameter p) {
        ValueRange r = p.range();
        return switch (p.kind()) {
            case WHOLE, LONG -> List.of(whole(r.minIncluded() ? r.min() - 1 : r.min(), p),
                    r.max() >= Integer.MAX_VALUE && p.kind() == JobParameter.Kind.LONG
                            ? BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE).toString()
                            : whole(r.maxIncluded() ? r.max() + 1 : r.max(), p));
            case NUMBER -> List.of(Double.toString(r.minIncluded() ? Math.nextDown(r.min()) : r.min()),
                    Double.toString(r.maxIncluded() ? Math.nextUp(r.max()) : r.max()));
            case CHOICE -> List.of("no-such-choice");
            case SWITCH -> List.of("maybe");
            case NAMES -> List.of("q_proj,$");
            case TEXT -> List.of();
        };
    }

    /** A range end as a whole number; the double of Long.MAX_VALUE rounds up, so it is clamped. */
    private static String whole(double v, JobParameter p) {
        return Long.toString(v >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) v);
    }

    /** Base and data (required) unless the parameter under test is one of them. */
    private static Map<String, String> withRequired(JobParameter p, String value) {
        Map<String, String> flags = new LinkedHashMap<>();
        if (!p.name().equals("base")) {
            flags.put("base", "tiny");
        }
        if (!p.name().equals("data")) {
            flags.put("data", "d");
        }
        // the cluster parameters ask a cluster for resources: they come with --cluster (several nodes with an
        // engine that spans nodes)
        if (p.group() == dev.jtune.trainer.job.ParameterGroup.CLUSTER && !p.name().equals("cluster")) {
            flags.put("cluster", "c");
            if (p.name().equals("nodes")) {
                flags.put("engine", "trl");
            }
        }
        flags.put(p.name(), value);
        return flags;
    }

    /** The words of a %finetune line (already split, as the kernel passes them). */
    private static List<String> flagWords(Map<String, String> flags) {
        List<String> words = new ArrayList<>();
        flags.forEach((k, v) -> words.addAll(List.of("--" + k, v)));
        return words;
    }

    private static String yaml(Map<String, String> flags) {
        StringBuilder s = new StringBuilder();
        flags.forEach((k, v) -> s.append(k).append(": ").append(v).append('\n'));
        return s.toString();
    }

    private static Object typed(JobParameter p, String value) {
        return p.parse(value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void finetuneFlagsTakeTheRangeAndRefuseOneStepOutside(JobParameter p) {
        for (String v : accepted(p)) {
            Map<String, String> flags = withRequired(p, v);
            FinetuneCommand c = assertDoesNotThrow(
                    () -> CommandParser.parse(new FinetuneCommand(), flagWords(flags)).as(FinetuneCommand.class),
                    "%finetune --" + p.name() + " " + v);
            assertEquals(typed(p, v), c.parameters().get(p.name()), p.name() + " " + v);
            JobConfig config = assertDoesNotThrow(() -> JobConfig.fromFlags(c.parameterText()),
                    "the trainer takes %finetune --" + p.name() + " " + v);
            // as text: JSON gives a small long back as an Integer
            assertEquals(JobParameter.text(typed(p, v)), JobParameter.text(config.asMap().get(p.name())), p.name());
            assertTrue(config.isSetByUser(p.name()), p.name() + " is recorded as set by the user");
        }
        for (String v : refused(p)) {
            String message = assertThrows(UsageError.class,
                    () -> CommandParser.parse(new FinetuneCommand(), flagWords(withRequired(p, v))),
                    "%finetune --" + p.name() + " " + v + " is refused").getMessage();
            assertTrue(message.contains("--" + p.name() + " "), message);
            assertTrue(message.contains("'" + v + "'"), message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void finetuneYamlKeysTakeTheRangeAndRefuseOneStepOutside(JobParameter p) {
        for (String v : accepted(p)) {
            String body = yaml(withRequired(p, v));
            FinetuneCommand c = assertDoesNotThrow(() -> FinetuneYaml.parse(List.of(), body).as(FinetuneCommand.class), body);
            assertEquals(typed(p, v), c.parameters().get(p.name()), body);
            assertDoesNotThrow(() -> JobConfig.fromFlags(c.parameterText()), body);
        }
        for (String v : refused(p)) {
            String body = yaml(withRequired(p, v));
            String message = assertThrows(UsageError.class, () -> FinetuneYaml.parse(List.of(), body), body).getMessage();
            int line = body.lines().toList().indexOf(p.name() + ": " + v) + 1;
            assertTrue(message.contains("'" + p.name() + ":' (line " + line + " of the cell body)"), message);
            assertFalse(message.contains("--" + p.name()), "a body key is not a flag: " + message);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void trainerCommandLineTakesTheRangeAndRefusesOneStepOutside(JobParameter p) {
        for (String v : accepted(p)) {
            List<String> args = new ArrayList<>(List.of("finetune"));
            withRequired(p, v).forEach((k, value) -> args.addAll(List.of("--" + k, value)));
            ParseResult result = assertDoesNotThrow(() -> JTuneTrain.commandLine().parseArgs(args.toArray(String[]::new)),
                    String.join(" ", args));
            Map<String, Object> given = JobOptions.given(result.subcommand());
            assertEquals(typed(p, v), given.get(p.name()), String.join(" ", args));
            assertDoesNotThrow(() -> JobConfig.fromFlags(JobOptions.asText(given)), String.join(" ", args));
        }
        for (String v : refused(p)) {
            List<String> args = new ArrayList<>(List.of("finetune"));
            withRequired(p, v).forEach((k, value) -> args.addAll(List.of("--" + k, value)));
            ParameterException e = assertThrows(ParameterException.class,
                    () -> JTuneTrain.commandLine().parseArgs(args.toArray(String[]::new)), String.join(" ", args));
            String sentence = e.getCause() instanceof JobOptions.InvalidValue invalid ? invalid.reason().getMessage()
                    : e.getMessage();
            assertTrue(sentence.contains("--" + p.name()), sentence);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void jobsCopySetTakesTheRangeAndRefusesOneStepOutside(JobParameter p) {
        Map<String, String> sourceFlags = withRequired(p, null);
        sourceFlags.remove(p.name());
        sourceFlags.putAll(Map.of("base", "tiny", "data", "d", "name", "src"));
        JobConfig source = JobConfig.fromFlags(sourceFlags);
        for (String v : accepted(p)) {
            JobsCommand.Copy copy = assertDoesNotThrow(() -> CommandParser.parse(new JobsCommand(),
                    List.of("copy", "src", "dst", "--set", p.name().replace('-', '_') + "=" + v)).as(JobsCommand.Copy.class),
                    "--set " + p.name() + "=" + v);
            assertEquals(Map.of(p.name(), v), copy.changes());
            if (!p.name().equals("resume")) {  // a copy never resumes: JobManager drops it, as it drops init-from
                JobConfig copied = assertDoesNotThrow(() -> source.withoutStartReferences().withOverrides(copy.changes()),
                        "the trainer takes --set " + p.name() + "=" + v);
                assertTrue(copied.isSetByUser(p.name()));
            }
        }
        for (String v : refused(p)) {
            String typed = "--set " + p.name() + "=" + v;
            String message = assertThrows(UsageError.class, () -> CommandParser.parse(new JobsCommand(),
                    List.of("copy", "src", "dst", "--set", p.name() + "=" + v)), typed).getMessage();
            assertTrue(message.contains(typed), message);
        }
    }

    @Test
    void zeroMeansOffWhereTheSchemaSaysSo() {
        for (JobParameter p : JobParameters.all()) {
            if (p.zeroMeans() != null) {
                assertTrue(p.range().contains(0), p.name() + " documents 0 (" + p.zeroMeans() + ") and must accept it");
                assertDoesNotThrow(() -> CommandParser.parse(new FinetuneCommand(),
                        List.of("--base", "tiny", "--data", "d", "--" + p.name(), "0")));
            }
        }
    }

    @Test
    void helpOfTheMagicAndOfTheCommandLineListTheSameParameters() {
        String magic = CommandParser.usage(new FinetuneCommand());
        String cli = JTuneTrain.commandLine().getSubcommands().get("finetune").getUsageMessage(CommandLine.Help.Ansi.OFF);
        Set<String> inMagic = parameterFlags(magic);
        Set<String> inCli = parameterFlags(cli);
        assertEquals(new TreeSet<>(JobParameters.names()), inMagic, magic);
        assertEquals(inMagic, inCli, cli);
        String words = magic.replaceAll("\\s+", " ");
        for (JobParameter p : JobParameters.all()) {
            if (p.zeroMeans() != null) {
                assertTrue(words.contains("0 = " + p.zeroMeans()), "--help says what 0 means for " + p.name());
            }
            assertTrue(words.contains("Default: " + p.defaultText()), "--help gives the default of " + p.name());
        }
        assertTrue(magic.contains("Precision and memory parameters:"), magic);
        assertTrue(magic.contains("--grad-checkpointing auto|on|off"), magic);
    }

    /** The flags listed in the parameters sections (the lines that start with a flag, after the group titles). */
    private static Set<String> parameterFlags(String help) {
        Set<String> flags = new TreeSet<>();
        String section = help.substring(help.indexOf("Run parameters:"));
        Matcher m = Pattern.compile("(?m)^  --([a-z-]+)").matcher(section);
        while (m.find()) {
            flags.add(m.group(1));
        }
        return flags;
    }
}
