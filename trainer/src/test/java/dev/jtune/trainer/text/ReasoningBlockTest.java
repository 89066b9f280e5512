package dev.jtune.trainer.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReasoningBlockTest {

    @Test
    void theAnswerIsWhatFollowsTheLastThinkBlock() {
        assertEquals("check_balance", ReasoningBlock.answer("<think>\n\n</think>\n\ncheck_balance"));
        assertEquals("card_lost", ReasoningBlock.answer("<think>\nthe card is gone\n</think>\n\ncard_lost"));
        assertEquals("plain answer", ReasoningBlock.answer("plain answer"));
        assertEquals("", ReasoningBlock.answer("<think>\nunfinished thought </think>\n"));
    }
}
