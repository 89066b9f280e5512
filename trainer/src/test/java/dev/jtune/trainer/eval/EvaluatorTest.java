package dev.jtune.trainer.eval;

import dev.jtune.trainer.text.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {

    private static EvalExample example(String question, String answer) {
        return EvalExample.fromConversation(List.of(new ChatMessage("system", "classify"),
                new ChatMessage("user", question), new ChatMessage("assistant", answer)));
    }

    private final List<EvalExample> examples = List.of(example("q1", "card_lost"), example("q2", "balance"),
            example("q3", "transfer"), example("q4", "refund"));

    /** Answers from a table keyed by the question; checks the prompt excludes the answer. */
    private static TextGenerator fake(Map<String, String> answers) {
        return prompt -> {
            assertTrue(prompt.stream().noneMatch(ChatMessage::isAssistant));
            return answers.get(prompt.get(prompt.size() - 1).content());
        };
    }

    @Test
    void scoresExactAfterTrimAndContains() {
        TextGenerator g = fake(Map.of("q1", "  card_lost\n", "q2", "It is balance.", "q3", "transfers", "q4", "no"));
        EvalReport r = Evaluator.evaluate("m", g, examples, EvalMetric.EXACT, 0, Evaluator.Progress.NONE);
        assertEquals(4, r.total());
        assertEquals(1, r.correct());
        assertEquals(0.25, r.accuracy());
        assertEquals(0.75, r.accuracy(EvalMetric.CONTAINS));
        assertEquals(List.of(1, 2, 3), r.mismatches().stream().map(EvalOutcome::index).toList());
        assertEquals("q2", r.outcomes().get(1).question());
        assertEquals("It is balance.", r.outcomes().get(1).output());
    }

    @Test
    void comparesTwoModelsOnTheSameExamplesWithALimit() {
        Map<String, TextGenerator> models = new LinkedHashMap<>();
        models.put("base", fake(Map.of("q1", "?", "q2", "?", "q3", "?")));
        models.put("tuned", fake(Map.of("q1", "card_lost", "q2", "balance", "q3", "?")));
        List<String> progress = new java.util.ArrayList<>();
        List<EvalReport> reports = Evaluator.compare(models, examples, EvalMetric.EXACT, 3,
                (m, done, total) -> progress.add(m + done + "/" + total));
        assertEquals(List.of("base", "tuned"), reports.stream().map(EvalReport::model).toList());
        assertEquals(0.0, reports.get(0).accuracy());
        assertEquals(2.0 / 3, reports.get(1).accuracy());
        assertEquals(3, reports.get(1).total());
        assertEquals("tuned3/3", progress.get(progress.size() - 1));
    }

    @Test
    void examplesMustEndWithAnAssistantTurn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvalExample.fromConversation(List.of(new ChatMessage("user", "hi"))));
        assertTrue(e.getMessage().contains("ends with a user turn"), e.getMessage());
        assertEquals(EvalMetric.CONTAINS, EvalMetric.parse("contains"));
        assertThrows(IllegalArgumentException.class, () -> EvalMetric.parse("blue"));
    }

    @Test
    void scoresEveryMetricAskedForAndLossWithoutGenerating() {
        TextGenerator g = fake(Map.of("q1", "card_lost", "q2", "the balance", "q3", "transfer", "q4", "no"));
        List<List<EvalExample>> lossAskedOn = new java.util.ArrayList<>();
        ReferenceLoss loss = ex -> {
            lossAskedOn.add(ex);
            return Math.log(4);
        };
        EvalReport r = Evaluator.evaluate("m", g, loss, examples, List.of(EvalMetric.ROUGE_L, EvalMetric.EXACT,
                EvalMetric.LOSS), 0, Evaluator.Progress.NONE);
        assertEquals(EvalMetric.EXACT, r.metric(), "the first accuracy metric counts what is correct");
        assertEquals(0.5, r.score(EvalMetric.EXACT));
        // per-example F1: 1, 2·(1/2·1)/(1/2+1) = 2/3, 1, 0
        assertEquals((1 + 2.0 / 3 + 1 + 0) / 4, r.score(EvalMetric.ROUGE_L), 1e-12);
        assertEquals(Math.log(4), r.score(EvalMetric.LOSS), 1e-12);
        assertEquals(4.0, r.perplexity(), 1e-12);
        assertEquals(List.of(examples), lossAskedOn);

        TextGenerator never = prompt -> {
            throw new AssertionError("loss alone must not generate");
        };
        EvalReport onlyLoss = Evaluator.evaluate("m", never, loss, examples, List.of(EvalMetric.LOSS), 2,
                Evaluator.Progress.NONE);
        assertEquals(0, onlyLoss.total());
        assertEquals(examples.subList(0, 2), lossAskedOn.get(1), "the limit applies to loss too");
    }

    @Test
    void theScoredConversationWeighsOnlyTheExpectedAnswer() {
        EvalExample e = EvalExample.fromConversation(List.of(new ChatMessage("user", "a"),
                new ChatMessage("assistant", "b"), new ChatMessage("user", "c"), new ChatMessage("assistant", "d")));
        List<ChatMessage> c = e.scoredConversation();
        assertEquals(List.of(new ChatMessage("user", "a"), new ChatMessage("assistant", "b", 0.0),
                new ChatMessage("user", "c"), new ChatMessage("assistant", "d")), c);
    }
}
