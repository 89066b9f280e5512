package dev.jtune.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small dataset files written into a JUnit temp folder. */
public final class TestFiles {

    private TestFiles() {
    }

    public static Path write(Path dir, String name, String... lines) {
        try {
            return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A messages line with one user and one assistant turn. */
    public static String chat(String user, String assistant) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + user + "\"},{\"role\":\"assistant\",\"content\":\""
                + assistant + "\"}]}";
    }

    /** {@code n} distinct valid messages lines. */
    public static List<String> chats(int n) {
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(chat("question " + i, "answer " + i));
        }
        return lines;
    }

}
