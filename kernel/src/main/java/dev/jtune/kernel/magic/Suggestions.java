package dev.jtune.kernel.magic;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": the known names closest to a typo (magic names, flags, YAML keys), by edit distance. */
public final class Suggestions {
    private Suggestions() {
    }

    /** Up to three known names within a typo's reach of {@code typed} (or a prefix of it, or it of them), closest first. */
    public static List<String> closest(String typed, Collection<String> known) {
        int limit = limit(typed);
        return known.stream()
                .filter(name -> distance(typed, name) <= limit || name.startsWith(typed) || typed.startsWith(name))
                .sorted(Comparator.comparingInt(name -> distance(typed, name)))
                .limit(3)
                .toList();
    }

    /** How many edits still count as a typo of {@code typed}. */
    public static int limit(String typed) {
        return Math.max(2, typed.length() / 3);
    }

    /** Levenshtein distance. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
