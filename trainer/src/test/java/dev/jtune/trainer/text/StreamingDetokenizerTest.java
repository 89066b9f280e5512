package dev.jtune.trainer.text;

import dev.jtune.trainer.testing.TestData;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class StreamingDetokenizerTest {

    @Test
    void streamsMultiByteCharactersWithoutBreakingThem() {
        try (Tokenizer tokenizer = Tokenizer.load(TestData.fixture("tiny-qwen2"))) {
            String text = "我想申请房屋贷款 — ok 😀 done<|im_end|>";
            int[] ids = tokenizer.encode(text);
            StreamingDetokenizer stream = new StreamingDetokenizer(tokenizer);
            StringBuilder shown = new StringBuilder();
            for (int id : ids) {
                String delta = stream.add(id);
                assertFalse(delta.contains("\uFFFD"), "delta with a broken character: " + delta);
                shown.append(delta);
            }
            shown.append(stream.flush());
            assertEquals("我想申请房屋贷款 — ok 😀 done", shown.toString());
            assertEquals(shown.toString(), stream.text());
            assertEquals(ids.length, stream.ids().length);
        }
    }

    @Test
    void keepsSpecialTokensWhenAsked() {
        try (Tokenizer tokenizer = Tokenizer.load(TestData.fixture("tiny-qwen2"))) {
            StreamingDetokenizer stream = new StreamingDetokenizer(tokenizer, false);
            stream.addAll(tokenizer.encode("hi<|im_end|>"));
            assertEquals("hi<|im_end|>", stream.text() + stream.flush());
        }
    }
}
