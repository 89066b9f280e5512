package dev.jtune.trainer.tiny;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Learns byte-level BPE merges from sample text, the way HuggingFace's BPE trainer does in spirit: start from the
 * 256 byte characters, repeatedly merge the most frequent adjacent pair inside pre-tokenized words. Ties are
 * broken by symbol ids, so the same text always gives the same merges (materialising the tiny model twice must
 * give identical bytes).
 */
final class BpeTrainer {

    /** What training produced: symbols in id order (bytes first, then one per merge) and the merges. */
    record Result(List<String> symbols, List<String[]> merges) {
    }

    private BpeTrainer() {
    }

    /**
     * @param texts   training text (special tokens already removed)
     * @param symbols how many symbols to end with (256 bytes + merges); fewer if the text runs out of pairs
     *                seen at least twice
     */
    static Result train(List<String> texts, int symbols) {
        // Sorted map: word order (and so tie-breaking inputs) must not depend on hashing.
        Map<String, Integer> wordCounts = new TreeMap<>();
        for (String text : texts) {
            Matcher m = ByteLevel.PRE_TOKENIZER.matcher(text);
            while (m.find()) {
                wordCounts.merge(ByteLevel.encode(m.group()), 1, Integer::sum);
            }
        }
        List<String> vocab = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            String s = String.valueOf(ByteLevel.charOf(b));
            ids.put(s, vocab.size());
            vocab.add(s);
        }
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
            String w = e.getKey();
            int[] word = new int[w.length()];
            for (int i = 0; i < word.length; i++) {
                word[i] = ids.get(String.valueOf(w.charAt(i)));
            }
            words.add(word);
            counts.add(e.getValue());
        }
        List<String[]> merges = new ArrayList<>();
        while (vocab.size() < symbols) {
            Map<Long, Integer> pairCounts = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] word = words.get(w);
                for (int i = 0; i + 1 < word.length; i++) {
                    pairCounts.merge(pair(word[i], word[i + 1]), counts.get(w), Integer::sum);
                }
            }
            long best = -1;
            int bestCount = 1;
            for (Map.Entry<Long, Integer> e : pairCounts.entrySet()) {
                int c = e.getValue();
                if (c > bestCount || c == bestCount && best >= 0 && e.getKey() < best) {
                    best = e.getKey();
                    bestCount = c;
                }
            }
            if (best < 0) {
                break; // no pair occurs twice: more merges would only memorise single words
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            int merged = vocab.size();
            vocab.add(vocab.get(left) + vocab.get(right));
            merges.add(new String[] {vocab.get(left), vocab.get(right)});
            for (int w = 0; w < words.size(); w++) {
                words.set(w, apply(words.get(w), left, right, merged));
            }
        }
        return new Result(vocab, merges);
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int[] apply(int[] word, int left, int right, int merged) {
        int n = 0;
        int[] out = null;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                if (out == null) {
                    out = new int[word.length];
                    System.arraycopy(word, 0, out, 0, i);
                    n = i;
                }
                out[n++] = merged;
                i++;
            } else if (out != null) {
                out[n++] = word[i];
            }
        }
        return out == null ? word : java.util.Arrays.copyOf(out, n);
    }
}
