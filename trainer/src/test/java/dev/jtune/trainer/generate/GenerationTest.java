package dev.jtune.trainer.generate;

import ai.djl.Device;
import dev.jtune.trainer.testing.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerationTest {

    static Stream<Fixture> fixtures() throws Exception {
        return Fixture.all();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void greedyContinuationMatchesReferenceAndStreamsEachToken(Fixture f) throws Exception {
        int[] expected = f.ints("greedy_continuation");
        try (LanguageModel lm = LanguageModel.load(f.dir(), null, Device.cpu())) {
            List<Integer> streamed = new ArrayList<>();
            GenerationResult r = lm.generate(f.ints("generation_prompt_ids"),
                    SamplingParams.greedy(expected.length, Set.of(-1)), streamed::add);
            assertArrayEquals(expected, r.tokens());
            assertEquals(GenerationResult.StopReason.MAX_TOKENS, r.stopReason());
            assertArrayEquals(expected, streamed.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void stopsOnEosAndOnStopSequences(Fixture f) throws Exception {
        int[] greedy = f.ints("greedy_continuation");
        int[] prompt = f.ints("generation_prompt_ids");
        int eosAt = 0;
        for (int i = 1; i < greedy.length && eosAt == 0; i++) {
            int token = greedy[i];
            if (java.util.Arrays.stream(greedy, 0, i).noneMatch(t -> t == token)) {
                eosAt = i;
            }
        }
        int stopEnd = 1;
        while (!(greedy[stopEnd - 1] == greedy[4] && greedy[stopEnd] == greedy[5])) {
            stopEnd++;
        }
        try (LanguageModel lm = LanguageModel.load(f.dir(), null, Device.cpu())) {
            GenerationResult eos = lm.generate(prompt, SamplingParams.greedy(12, Set.of(greedy[eosAt])),
                    TokenListener.NONE);
            assertEquals(GenerationResult.StopReason.EOS, eos.stopReason());
            assertArrayEquals(java.util.Arrays.copyOf(greedy, eosAt), eos.tokens());
            SamplingParams stop = new SamplingParams(12, 0, 0, 1, 1, 0, Set.of(-1),
                    List.of(new int[] {greedy[4], greedy[5]}));
            GenerationResult seq = lm.generate(prompt, stop, TokenListener.NONE);
            assertEquals(GenerationResult.StopReason.STOP_SEQUENCE, seq.stopReason());
            assertArrayEquals(java.util.Arrays.copyOf(greedy, stopEnd + 1), seq.tokens());
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void samplingIsSeededAndTopKOneIsGreedy(Fixture f) throws Exception {
        int[] prompt = f.ints("generation_prompt_ids");
        try (LanguageModel lm = LanguageModel.load(f.dir(), null, Device.cpu())) {
            SamplingParams hot = new SamplingParams(10, 1.5, 0, 0.95, 1.1, 7, Set.of(-1), List.of());
            int[] a = lm.generate(prompt, hot, TokenListener.NONE).tokens();
            int[] b = lm.generate(prompt, hot, TokenListener.NONE).tokens();
            assertArrayEquals(a, b);
            SamplingParams other = new SamplingParams(10, 1.5, 0, 0.95, 1.1, 8, Set.of(-1), List.of());
            assertNotEquals(java.util.Arrays.toString(a),
                    java.util.Arrays.toString(lm.generate(prompt, other, TokenListener.NONE).tokens()));
            SamplingParams topOne = new SamplingParams(12, 1.0, 1, 1, 1, 3, Set.of(-1), List.of());
            assertArrayEquals(f.ints("greedy_continuation"), lm.generate(prompt, topOne, TokenListener.NONE).tokens());
        }
    }

    @Test
    void repetitionPenaltyAndTopPFollowHf() {
        SamplingParams p = new SamplingParams(1, 0, 0, 1, 2.0, 0, Set.of(), List.of());
        float[] logits = {2f, -1f, 1.5f};
        int next = new TokenSampler(p).next(logits, new int[] {0, 1}, 2);
        assertEquals(2, next);
        assertEquals(1f, logits[0]);
        assertEquals(-2f, logits[1]);
        // top_p 0.5 keeps only the most likely token of a peaked distribution, whatever the seed
        SamplingParams nucleus = new SamplingParams(1, 1.0, 0, 0.5, 1, 0, Set.of(), List.of());
        for (long seed = 0; seed < 20; seed++) {
            SamplingParams s = new SamplingParams(1, 1.0, 0, 0.5, 1, seed, Set.of(), List.of());
            assertEquals(1, new TokenSampler(s).next(new float[] {0f, 3f, 0f, 0f}, new int[0], 0));
        }
        assertTrue(nucleus.topP() < 1);
    }
}
