package dev.jtune.trainer.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on 127.0.0.1 standing in for a cluster's login node: its own host key, port, authorized key
 * and an ssh_config for the client (port, key, known host), all in {@code dir}, so nothing of the user's ~/.ssh is
 * read or written. Logs in as the user running the test.
 */
final class LocalSshd implements AutoCloseable {

    static final String HOST = "jtune-test-login";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final Process sshd;

    private LocalSshd(Path dir, Process sshd) {
        this.dir = dir;
        this.sshd = sshd;
    }

    static LocalSshd start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        keygen(dir.resolve("host_ed25519"));
        keygen(dir.resolve("client_ed25519"));
        Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "") );
        String hostKey = Files.readString(dir.resolve("host_ed25519.pub")).strip();
        Files.writeString(dir.resolve("known_hosts"), HOST + " " + hostKey + "\n");
        Files.writeString(dir.resolve("ssh_config"), String.join("\n",
                "Host " + HOST,
                "  HostName 127.0.0.1",
                "  Port " + port,
                "  HostKeyAlias " + HOST,
                "  UserKnownHostsFile " + dir.resolve("known_hosts"),
                "  StrictHostKeyChecking yes",
                "  IdentitiesOnly yes",
                ""));
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd"));  // sshd's privilege separation directory
        }
        Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        LocalSshd sshd = new LocalSshd(dir, p);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return sshd;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        sshd.close();
        throw new IOException("sshd did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT.toSeconds()
                + " s: " + Files.readString(dir.resolve("sshd.log")));
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    /** {@code user@host} as {@code %cluster add --ssh} takes it. */
    String userAtHost() {
        return System.getProperty("user.name") + "@" + HOST;
    }

    Path clientKey() {
        return dir.resolve("client_ed25519");
    }

    Path sshConfig() {
        return dir.resolve("ssh_config");
    }

    List<String> log() throws IOException {
        return Files.readAllLines(dir.resolve("sshd.log"));
    }

    @Override
    public void close() throws InterruptedException {
        sshd.destroy();
        if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
            sshd.destroyForcibly();
        }
    }
}
