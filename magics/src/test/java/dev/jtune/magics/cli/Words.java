package dev.jtune.magics.cli;

import java.util.List;

import dev.jtune.kernel.magic.ArgSplitter;
import dev.jtune.kernel.magic.MagicException;

/** Argument lines in tests are split by the kernel's own splitter, as in a notebook. */
final class Words {
    private Words() {
    }

    static List<String> of(String line) {
        try {
            return ArgSplitter.split(line);
        } catch (MagicException e) {
            throw new AssertionError("the test's argument line does not split: " + e.getMessage(), e);
        }
    }
}
