package dev.jtune.magics.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.jtune.kernel.magic.ArgSplitter;

class CommandCompleterTest {
    static final CommandCompleter.Names NAMES = new CommandCompleter.Names() {
        @Override
        public List<String> datasets() {
            return List.of("intents", "faq");
        }

        @Override
        public List<String> jobs() {
            return List.of("flow");
        }

        @Override
        public List<String> models() {
            return List.of("tiny", "flow");
        }

        @Override
        public List<String> paths(String typed) {
            return List.of("data/", "notes.jsonl");
        }
    };

    /** What the kernel offers for the end of {@code line}: candidates that start with the word at the cursor. */
    static List<String> complete(Object command, String line) {
        ArgSplitter.Partial partial = ArgSplitter.partial(line);
        return CommandCompleter.complete(command, partial.words(), partial.current(), NAMES).stream()
                .filter(candidate -> candidate.startsWith(partial.current())).toList();
    }

    @Test
    void flagsAfterADash() {
        assertEquals(List.of("--method"), complete(new FinetuneCommand(), "--base tiny --meth"));
        assertTrue(complete(new DatasetCommand(), "load x.jsonl --").containsAll(List.of("--name", "--format", "--val-ratio")));
    }

    @Test
    void choicesOfEnumFlags() {
        assertEquals(List.of("lora"), complete(new FinetuneCommand(), "--method l"));
        assertTrue(complete(new FinetuneCommand(), "--scheduler ").contains("cosine-restarts"));
        assertEquals(List.of("contains"), complete(new EvalCommand(), "tiny --data faq --metric c"));
        assertEquals(List.of("prompt-response", "preference"), complete(new DatasetCommand(), "load x.jsonl --format pr"));
    }

    @Test
    void namesWhereTheyAreExpected() {
        assertEquals(List.of("intents"), complete(new FinetuneCommand(), "--base tiny --data in"));
        assertEquals(List.of("flow"), complete(new JobsCommand(), "show f"));
        assertEquals(List.of("flow"), complete(new PublishCommand(), "f"));
        assertEquals(List.of("tiny,flow"), complete(new ChatCommand(), "tiny,f"));
        assertEquals(List.of("faq:"), complete(new DatasetCommand(), "mix both intents:0.5 f"));
        assertEquals(List.of("notes.jsonl"), complete(new DatasetCommand(), "load no"));
        assertEquals(List.of(), complete(new FinetuneCommand(), "--name fl"));
    }

    @Test
    void subcommandsFirst() {
        assertEquals(List.of("show"), complete(new DatasetCommand(), "sh"));
        assertTrue(complete(new JobsCommand(), "").containsAll(List.of("show", "stop", "logs")));
    }
}
