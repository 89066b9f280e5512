package dev.jtune.kernel;

import dev.jtune.kernel.protocol.ConnectionInfo;
import dev.jtune.kernel.shell.Kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point: {@code java -cp ... dev.jtune.kernel.KernelMain CONNECTION_FILE}. */
public final class KernelMain {
    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage: KernelMain CONNECTION_FILE  (Jupyter passes {connection_file})");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            System.err.println("The connection file " + file + " does not exist or cannot be read.");
            System.exit(2);
        }
        // Kernel logs go to the real stderr (the Jupyter server's log), captured before System.err is redirected.
        java.util.logging.Logger.getLogger("").getHandlers();
        ConnectionInfo info;
        try {
            info = ConnectionInfo.read(file);
        } catch (IOException e) {
            System.err.println("The connection file " + file + " is not valid JSON: " + e.getMessage());
            System.exit(2);
            return;
        }
        // An orphaned kernel would hold its ports, memory and jobs forever; System.exit runs the shutdown hooks.
        ParentWatcher.forThisProcess(System.getenv("JPY_PARENT_PID"), java.time.Duration.ofSeconds(1),
                () -> System.exit(0)).start();
        new Kernel(info).run();
        System.exit(0);
    }
}
