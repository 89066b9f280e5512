package dev.jtune.trainer.data;

import dev.jtune.trainer.text.ChatMessage;
import dev.jtune.trainer.text.ConversationEncoder;
import dev.jtune.trainer.text.EncodedExample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the real tokenizer + chat template: one token per UTF-8 byte, ChatML-like markers
 * ({@code <|im_start|>role\n ... <|im_end|>}) as single tokens. Assistant content and its end marker are trained
 * with the message's weight.
 */
public final class ByteEncoder implements ConversationEncoder {

    public static final int PAD = 256;
    public static final int START = 257;
    public static final int END = 258;

    @Override
    public EncodedExample encode(List<ChatMessage> messages) {
        List<Integer> ids = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (ChatMessage m : messages) {
            header(m.role(), ids, weights);
            float w = m.isAssistant() ? (float) m.weight() : 0f;
            for (byte b : m.content().getBytes(StandardCharsets.UTF_8)) {
                ids.add(b & 0xFF);
                weights.add(w);
            }
            ids.add(END);
            weights.add(w);
        }
        return of(ids, weights);
    }

    @Override
    public EncodedExample encodeText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        float[] w = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
            w[i] = i == 0 ? 0f : 1f;
        }
        return new EncodedExample(ids, w);
    }

    @Override
    public int[] encodePrompt(List<ChatMessage> messages) {
        EncodedExample e = encode(messages);
        List<Integer> ids = new ArrayList<>();
        for (int id : e.inputIds()) {
            ids.add(id);
        }
        header("assistant", ids, new ArrayList<>());
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void header(String role, List<Integer> ids, List<Float> weights) {
        ids.add(START);
        weights.add(0f);
        for (byte b : (role + "\n").getBytes(StandardCharsets.UTF_8)) {
            ids.add(b & 0xFF);
            weights.add(0f);
        }
    }

    private static EncodedExample of(List<Integer> ids, List<Float> weights) {
        int[] a = ids.stream().mapToInt(Integer::intValue).toArray();
        float[] w = new float[weights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i);
        }
        return new EncodedExample(a, w);
    }
}
