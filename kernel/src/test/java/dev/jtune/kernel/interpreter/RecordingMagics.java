package dev.jtune.kernel.interpreter;

import dev.jtune.kernel.display.MimeBundle;
import dev.jtune.kernel.magic.ExtensionContext;
import dev.jtune.kernel.magic.Magic;
import dev.jtune.kernel.magic.MagicContext;
import dev.jtune.kernel.magic.MagicExtension;
import dev.jtune.kernel.magic.MagicInvocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A magic set for the interpreter's tests, loaded through ServiceLoader like a real one: {@code %echo} records
 * the words it receives and offers flags with choices; the set counts its lifecycle calls.
 */
public final class RecordingMagics implements MagicExtension {
    static final AtomicInteger LOADED = new AtomicInteger();
    static final AtomicInteger SHUT_DOWN = new AtomicInteger();
    static final List<List<String>> RECEIVED = new ArrayList<>();

    /** A type the set renders, to check that its renderer is registered once at load. */
    public record Greeting(String who) {
    }

    @Override
    public List<Magic> onLoaded(ExtensionContext kernel) throws Exception {
        LOADED.incrementAndGet();
        kernel.renderers().register(Greeting.class, g -> new MimeBundle("Hello, " + g.who()).with(MimeBundle.HTML, "<b>Hello</b>"));
        kernel.bind("echoes", List.class, RECEIVED);
        Magic exhausting = new Magic() {
            @Override
            public String name() {
                return "exhaust";
            }

            @Override
            public String description() {
                return "Runs out of memory, as a magic reading a huge file would.";
            }

            @Override
            public void run(MagicInvocation invocation, MagicContext context) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        return List.of(exhausting, new Magic() {
            @Override
            public String name() {
                return "echo";
            }

            @Override
            public String description() {
                return "Prints its words, one per line.";
            }

            @Override
            public java.util.Set<Form> forms() {
                return java.util.Set.of(Form.LINE, Form.CELL);
            }

            @Override
            public List<String> completeBody(String bodyBeforeCursor, String current) {
                return List.of("alpha: ", "beta: ");
            }

            @Override
            public List<String> complete(List<String> words, String current) {
                if (!words.isEmpty() && words.get(words.size() - 1).equals("--method")) {
                    return List.of("lora", "full");
                }
                return List.of("--method", "--name");
            }

            @Override
            public void run(MagicInvocation invocation, MagicContext context) {
                RECEIVED.add(invocation.argv());
                invocation.argv().forEach(context.out()::println);
            }
        });
    }

    @Override
    public void onShutdown(Duration grace) {
        SHUT_DOWN.incrementAndGet();
    }
}
