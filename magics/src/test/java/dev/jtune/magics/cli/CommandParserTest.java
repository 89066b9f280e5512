package dev.jtune.magics.cli;

import dev.jtune.trainer.data.format.DatasetFormat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import dev.jtune.trainer.eval.EvalMetric;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandParserTest {

    /** The line as the kernel splits it, then the magic's parser: the path a notebook cell takes. */
    private static ParsedCommand parse(Object command, String line) {
        return CommandParser.parse(command, Words.of(line));
    }

    private static ParsedCommand parseCell(String header, String body) {
        return ChatCommand.parseCell(Words.of(header), body);
    }

    private static String error(Object command, String line) {
        UsageError error = assertThrows(UsageError.class, () -> parse(command, line));
        assertFalse(error.getMessage().contains("Exception"), error.getMessage());
        return error.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected '" + part + "' in: " + message);
        }
    }

    // ---- %dataset

    @Test
    void datasetLoadReadsEveryFlag() {
        var load = parse(new DatasetCommand(),
                "load data/intents-train.jsonl --name intents --format messages --val-ratio 0.1 --max-samples 100 --seed 7 --skip-bad-lines")
                .as(DatasetCommand.Load.class);
        assertEquals(Path.of("data/intents-train.jsonl"), load.path());
        assertEquals("intents", load.name());
        assertEquals(DatasetFormat.MESSAGES, load.format());
        assertEquals(0.1, load.valRatio());
        assertEquals(100, load.maxSamples());
        assertEquals(7L, load.seed());
        assertTrue(load.skipBadLines());
    }

    @Test
    void datasetNameDefaultsToTheFileName() {
        var load = parse(new DatasetCommand(), "load data/faq.csv --format prompt-response").as(DatasetCommand.Load.class);
        assertEquals("faq", load.name());
        assertEquals(DatasetFormat.PROMPT_RESPONSE, load.format());
        assertNull(load.valRatio());
    }

    @Test
    void datasetShowListAndMix() {
        var show = parse(new DatasetCommand(), "show intents --rows 3 --model tiny").as(DatasetCommand.Show.class);
        assertEquals("intents", show.name());
        assertEquals(3, show.rows());
        assertEquals("tiny", show.model());
        assertInstanceOf(DatasetCommand.ListAll.class, parse(new DatasetCommand(), "list").command());
        var mix = parse(new DatasetCommand(), "mix both intents:0.5 faq:2").as(DatasetCommand.Mix.class);
        assertEquals("both", mix.name());
        assertEquals(List.of(new MixPart("intents", 0.5), new MixPart("faq", 2)), mix.parts());
    }

    @Test
    void datasetErrorsNameTheProblem() {
        assertMentions(error(new DatasetCommand(), ""), "%dataset", "load", "list", "show", "mix");
        assertMentions(error(new DatasetCommand(), "lod x.jsonl"), "unknown action 'lod'", "load, list, show, mix");
        assertMentions(error(new DatasetCommand(), "load x.jsonl --format xml"),
                "--format", "auto, messages, csv, prompt-response, alpaca, sharegpt, text", "'xml'");
        assertMentions(error(new DatasetCommand(), "load x.jsonl --val-ratio 1.5"), "--val-ratio", "between 0 and 0.5", "'1.5'");
        assertMentions(error(new DatasetCommand(), "load"), "PATH", "required");
        assertMentions(error(new DatasetCommand(), "mix both intents:20"), "NAME:RATE", "0.01 to 10", "intents:20");
        assertMentions(error(new DatasetCommand(), "mix both intents"), "NAME:RATE");
        assertMentions(error(new DatasetCommand(), "load x --shuffle"), "unknown flag --shuffle", "%dataset load --help");
    }

    @Test
    void aDatasetsHeldOutShareIsOneAJobAccepts() {
        // %finetune inherits the share given at load time, so both take the same range (0.6 used to load and then
        // break %finetune)
        assertEquals(0.5, parse(new DatasetCommand(), "load x.jsonl --val-ratio 0.5")
                .as(DatasetCommand.Load.class).valRatio());
        parse(new FinetuneCommand(), "--base tiny --data d --val-ratio 0.5");
        assertMentions(error(new DatasetCommand(), "load x.jsonl --val-ratio 0.6"), "--val-ratio", "'0.6'");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --val-ratio 0.6"), "--val-ratio", "'0.6'");
    }

    // ---- %finetune

    @Test
    void finetuneKeepsOnlyTheGivenParametersInFlagOrder() {
        var finetune = parse(new FinetuneCommand(),
                "--base tiny --data intents --name intents-v1 --epochs 3 --lr 2e-4 --scheduler cosine-restarts "
                        + "--lora-targets q_proj,v_proj --packing --rslora --precision fp16 --background")
                .as(FinetuneCommand.class);
        assertEquals("intents-v1", finetune.name());
        assertTrue(finetune.background());
        Map<String, Object> parameters = finetune.parameters();
        assertEquals(List.of("base", "data", "name", "epochs", "lr", "scheduler", "lora-targets", "packing", "rslora", "precision"),
                List.copyOf(parameters.keySet()));
        assertEquals(2e-4, parameters.get("lr"));
        assertEquals("cosine-restarts", parameters.get("scheduler"));
        assertEquals(List.of("q_proj", "v_proj"), parameters.get("lora-targets"));
        assertEquals(true, parameters.get("packing"));
        assertEquals("fp16", parameters.get("precision"));
    }

    @Test
    void finetuneAcceptsEveryFlagOfTheIssue() {
        String all = "--base tiny --data d --name j --val v --val-ratio 0.2 --method full --epochs 2 --lr 1e-3 --batch-size 8 "
                + "--grad-accum 2 --max-seq-len 256 --packing --scheduler polynomial --num-cycles 1 --lr-end 1e-6 --power 2 "
                + "--warmup-ratio 0.1 --warmup-steps 5 --weight-decay 0.01 --max-grad-norm 1 --lora-r 8 --lora-alpha 16 "
                + "--lora-dropout 0.05 --lora-targets all-linear --rslora --loraplus-ratio 16 --precision auto "
                + "--grad-checkpointing on --save-steps 50 --save-limit 2 --log-steps 5 --eval-steps 25 "
                + "--early-stop-patience 3 --early-stop-delta 0.001 --early-stop-metric train_loss --seed 42 "
                + "--max-samples 100 --max-steps 100 --resume old:20 --init-from other --background"
                + " --stage sft --pref-beta 0.2 --pref-loss sigmoid --pref-label-smoothing 0.1 --pref-ftx 0.5"
                + " --cluster c --engine trl --nodes 2 --gpus-per-node 4 --time 02:00:00";
        var finetune = parse(new FinetuneCommand(), all).as(FinetuneCommand.class);
        assertEquals(Set.copyOf(FinetuneCommand.parameterNames()), finetune.parameters().keySet(),
                "every declared job parameter is a %finetune flag");
    }

    @Test
    void zeroMeansOffAndIsAccepted() {
        var finetune = parse(new FinetuneCommand(), "--base tiny --data d --save-limit 0 --eval-steps 0 "
                + "--early-stop-patience 0 --max-steps 0 --save-steps 0 --warmup-steps 0 --max-samples 0").as(FinetuneCommand.class);
        assertEquals(0, finetune.parameters().get("save-limit"));
        assertEquals(0, finetune.parameters().get("max-steps"));
    }

    @Test
    void finetuneErrorsNameTheFlagAndTheAllowedValues() {
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --lrr 1e-3"), "unknown flag --lrr", "--lr");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --scheduler cosin"),
                "--scheduler", "linear, cosine, cosine-restarts, polynomial, constant, constant-warmup", "'cosin'");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --method qlora"), "--method", "lora, full", "'qlora'");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --epochs two"), "--epochs", "number", "'two'");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --batch-size 1.5"), "--batch-size", "whole number", "'1.5'");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --lr -1"), "--lr", "greater than 0");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --lr abc"), "--lr", "number", "'abc'");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --warmup-ratio 2"), "--warmup-ratio", "less than 1", "'2'");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --lora-targets q_proj,$"), "--lora-targets", "all-linear");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --epochs"), "--epochs", "needs a value");
        assertMentions(error(new FinetuneCommand(), "--base tiny --data d --lr 1e-3 --lr 2e-3"), "--lr", "more than once");
        assertMentions(error(new FinetuneCommand(), "--data d"), "--base is required");
        assertMentions(error(new FinetuneCommand(), "--base tiny"), "--data is required");
    }

    @Test
    void resumeNeedsNeitherBaseNorData() {
        var finetune = parse(new FinetuneCommand(), "--resume old:40 --epochs 4").as(FinetuneCommand.class);
        assertEquals("old:40", finetune.parameters().get("resume"));
    }

    // ---- %loss, %jobs, %publish

    @Test
    void lossTakesJobsAndSwitches() {
        var loss = parse(new LossCommand(), "a b --val --lr --smooth 5").as(LossCommand.class);
        assertEquals(List.of("a", "b"), loss.jobs());
        assertTrue(loss.validation() && loss.learningRate());
        assertEquals(5, loss.smooth());
        assertEquals(List.of(), parse(new LossCommand(), "").as(LossCommand.class).jobs());
        assertMentions(error(new LossCommand(), "--smooth 0"), "--smooth", "at least 1", "'0'");
    }

    @Test
    void jobsActions() {
        assertInstanceOf(JobsCommand.class, parse(new JobsCommand(), "").command());
        assertInstanceOf(JobsCommand.ListAll.class, parse(new JobsCommand(), "list").command());
        assertEquals("a", parse(new JobsCommand(), "show a").as(JobsCommand.Show.class).job());
        assertEquals("a", parse(new JobsCommand(), "stop a").as(JobsCommand.Stop.class).job());
        assertEquals("a", parse(new JobsCommand(), "delete a").as(JobsCommand.Delete.class).job());
        assertEquals(20, parse(new JobsCommand(), "logs a --tail 20").as(JobsCommand.Logs.class).tail());
        assertMentions(error(new JobsCommand(), "logs a --tial 3"), "unknown flag --tial", "Did you mean --tail?");
        var copy = parse(new JobsCommand(), "copy a b --set lr=1e-4 --set batch_size=4").as(JobsCommand.Copy.class);
        assertEquals("b", copy.newName());
        assertEquals(Map.of("lr", "1e-4", "batch-size", "4"), copy.changes());
        assertMentions(error(new JobsCommand(), "stats a"), "unknown action 'stats'", "list, show, stop, copy, delete, logs");
        assertMentions(error(new JobsCommand(), "show"), "JOB", "required");
        assertMentions(error(new JobsCommand(), "copy a"), "NEW", "required");
    }

    @Test
    void publishPicksOneCheckpoint() {
        var best = parse(new PublishCommand(), "job1").as(PublishCommand.class).request();
        assertEquals("best", best.checkpoint());
        assertEquals("job1", best.job());
        assertNull(best.name(), "the default name (JOB-model) is chosen when publishing");
        var step = parse(new PublishCommand(), "job1 --step 40 --name intents-bot --adapter-only --overwrite")
                .as(PublishCommand.class).request();
        assertEquals("40", step.checkpoint());
        assertEquals("intents-bot", step.name());
        assertTrue(step.adapterOnly());
        assertTrue(step.overwrite());
        assertEquals("last", parse(new PublishCommand(), "job1 --last").as(PublishCommand.class).request().checkpoint());
        assertMentions(error(new PublishCommand(), "job1 --best --last"), "only one of", "--step", "--best", "--last");
        var ref = parse(new PublishCommand(), "job1:40").as(PublishCommand.class).request();
        assertEquals("job1", ref.job());
        assertEquals("40", ref.checkpoint());
        assertEquals("best", parse(new PublishCommand(), "job1:best").as(PublishCommand.class).request().checkpoint());
        var twice = parse(new PublishCommand(), "job1:40 --last").as(PublishCommand.class);
        assertMentions(assertThrows(IllegalArgumentException.class, twice::request).getMessage(), "job1:40", "--last");
        var odd = parse(new PublishCommand(), "job1:newest").as(PublishCommand.class);
        assertMentions(assertThrows(IllegalArgumentException.class, odd::request).getMessage(), "'newest'", "JOB:STEP");
        assertMentions(error(new PublishCommand(), ""), "JOB", "required");
    }

    // ---- %chat, %eval

    @Test
    void chatTakesTheRestOfTheLineAsThePrompt() {
        var chat = parse(new ChatCommand(), "tiny,intents-v1 --max-new-tokens 16 What's my balance?").as(ChatCommand.class);
        assertEquals(List.of("tiny", "intents-v1"), chat.models());
        assertEquals("What's my balance?", chat.prompt());
        assertEquals(16, chat.sampling().maxNewTokens());
        assertEquals(0.0, chat.sampling().temperature());
        var quoted = parse(new ChatCommand(), "tiny --system \"Be brief.\" --top-p 0.9 --temperature 0.7 'Hello there'")
                .as(ChatCommand.class);
        assertEquals("Be brief.", quoted.sampling().system());
        assertEquals("Hello there", quoted.prompt());
        assertEquals(0.9, quoted.sampling().topP());
    }

    @Test
    void chatCellTakesThePromptFromTheBody() {
        var chat = parseCell("a,b,c --max-new-tokens 8", "user: hi\nassistant: hello\nuser: bye\n").as(ChatCommand.class);
        assertEquals(List.of("a", "b", "c"), chat.models());
        assertTrue(chat.fromCellBody());
        assertEquals("user: hi\nassistant: hello\nuser: bye", chat.prompt());
    }

    @Test
    void chatErrors() {
        assertMentions(error(new ChatCommand(), "a,b,c,d hi"), "at most 3", "a, b, c, d");
        assertMentions(error(new ChatCommand(), "tiny"), "needs a prompt");
        assertMentions(error(new ChatCommand(), "tiny --top-p 0 hi"), "--top-p", "greater than 0 and at most 1");
        assertMentions(error(new ChatCommand(), "tiny --max-new-token 5 hi"), "unknown flag --max-new-token", "--max-new-tokens");
        assertMentions(error(new ChatCommand(), ""), "MODEL", "required");
    }

    @Test
    void evalFlagsAndErrors() {
        var eval = parse(new EvalCommand(), "tiny,intents-v1 --data intents-test --metric contains --limit 10").as(EvalCommand.class);
        assertEquals(List.of("tiny", "intents-v1"), eval.models());
        assertEquals("intents-test", eval.data());
        assertEquals(EvalMetric.CONTAINS, eval.metric());
        assertEquals(10, eval.limit());
        assertEquals(EvalMetric.EXACT, parse(new EvalCommand(), "m --data d").as(EvalCommand.class).metric());
        assertMentions(error(new EvalCommand(), "m"), "--data is required");
        assertMentions(error(new EvalCommand(), "a,b,c,d --data d"), "at most 3");
        assertEquals(3, parse(new EvalCommand(), "a,b,c --data d").as(EvalCommand.class).models().size());
        var all = parse(new EvalCommand(), "m --data d --metric bleu,rouge-l,loss --split train").as(EvalCommand.class);
        assertEquals(List.of(EvalMetric.BLEU, EvalMetric.ROUGE_L, EvalMetric.LOSS), all.metrics());
        assertEquals(dev.jtune.trainer.eval.EvalSplit.TRAIN, all.split());
        assertEquals(null, parse(new EvalCommand(), "m --data d").as(EvalCommand.class).split(), "default: decided by the data");
        assertMentions(error(new EvalCommand(), "m --data d --metric blue"), "--metric", "exact, contains, rouge-l, bleu, loss", "'blue'");
        assertMentions(error(new EvalCommand(), "m --data d --split test"), "--split", "val, train or all", "'test'");
    }

    // ---- --help everywhere

    static Stream<Arguments> helpCases() {
        return Stream.of(
                Arguments.of((Supplier<Object>) DatasetCommand::new, "--help", "%dataset"),
                Arguments.of((Supplier<Object>) DatasetCommand::new, "load --help", "%dataset load"),
                Arguments.of((Supplier<Object>) DatasetCommand::new, "mix --help", "NAME:RATE"),
                Arguments.of((Supplier<Object>) FinetuneCommand::new, "--help", "--lora-targets"),
                Arguments.of((Supplier<Object>) LossCommand::new, "--help", "--smooth"),
                Arguments.of((Supplier<Object>) JobsCommand::new, "--help", "copy"),
                Arguments.of((Supplier<Object>) JobsCommand::new, "copy --help", "--set"),
                Arguments.of((Supplier<Object>) PublishCommand::new, "--help", "--adapter-only"),
                Arguments.of((Supplier<Object>) ChatCommand::new, "--help", "--max-new-tokens"),
                Arguments.of((Supplier<Object>) EvalCommand::new, "--help", "--metric"));
    }

    @ParameterizedTest
    @MethodSource("helpCases")
    void everyMagicHasHelp(Supplier<Object> command, String line, String expected) {
        ParsedCommand parsed = parse(command.get(), line);
        assertTrue(parsed.isHelp());
        assertMentions(parsed.helpText(), "Usage:", expected);
    }
}
