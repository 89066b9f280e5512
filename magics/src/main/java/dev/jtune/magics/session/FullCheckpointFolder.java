package dev.jtune.magics.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A full-update checkpoint holds only weights; the model loader wants a whole HuggingFace folder. This makes one
 * from links: the base's config and tokenizer files, the checkpoint's weights. Nothing is copied.
 */
final class FullCheckpointFolder {
    private FullCheckpointFolder() {
    }

    static Path assemble(Path base, Path checkpoint, Path scratch) throws IOException {
        Path folder = scratch.resolve(checkpoint.getParent().getFileName() + "-" + checkpoint.getFileName());
        if (Files.exists(folder)) {
            try (Stream<Path> old = Files.list(folder)) {
                for (Path file : old.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(base)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith("model") || !name.contains(".safetensors")) {
                    Files.createSymbolicLink(folder.resolve(name), file.toAbsolutePath());
                }
            }
        }
        try (Stream<Path> files = Files.list(checkpoint)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("model") && name.contains(".safetensors")) {
                    Files.createSymbolicLink(folder.resolve(name), file.toAbsolutePath());
                }
            }
        }
        return folder;
    }
}
