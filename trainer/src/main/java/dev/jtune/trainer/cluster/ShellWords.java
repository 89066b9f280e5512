package dev.jtune.trainer.cluster;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for POSIX shells: batch scripts and the command line ssh hands to the remote shell. */
final class ShellWords {

    private ShellWords() {
    }

    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=,+@%-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static String join(List<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }
}
