package dev.jtune.trainer.cluster;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ways to reach Slurm against a real one on 127.0.0.1: its commands here, the same over a real ssh login (an
 * sshd the test starts), and slurmrestd; submit, follow, read the output, cancel, refusals.
 */
@ExtendWith(LocalSlurm.class)
class SlurmBackendsTest {

    private static LocalSlurm.Cluster slurm;
    private static LocalSshd sshd;

    @BeforeAll
    static void cluster(LocalSlurm.Cluster running) throws Exception {
        slurm = running;
        sshd = LocalSshd.start(running.dir().resolve("sshd"));
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    /**
     * "remote-shell" is the SSH variant with {@code sh -c} in place of {@code ssh user@host}: the commands go as one
     * quoted string to a shell, as ssh hands them to the login node's, and files are read with {@code cat}.
     */
    private static ClusterBackend backend(String kind) {
        return switch (kind) {
            case "rest" -> slurm.rest();
            case "ssh" -> new ClusterSpec("local", ClusterSpec.SLURM, null, null, slurm.dir().toString(), null, null,
                    null, null, null, sshd.userAtHost(), sshd.clientKey().toString(), sshd.sshConfig().toString(),
                    slurm.slurmConf(), null).backend();
            case "remote-shell" -> new SlurmCommands("local", java.util.List.of("sh", "-c"), slurm.environment());
            default -> slurm.commands();
        };
    }

    private static BatchRequest request(String name, String partition, String body) throws Exception {
        Path work = Files.createDirectories(slurm.dir().resolve("work-" + name));
        return new BatchRequest(name, work, work.resolve("slurm.out"), partition, "", 1, 0, "00:05:00",
                Map.of("JTUNE_GREETING", "hello from '" + name + "'"), body);
    }

    private static SchedulerJob waitFor(ClusterBackend b, String id, SchedulerState wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        SchedulerJob job = b.status(id);
        while (job.state() != wanted && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            job = b.status(id);
        }
        assertEquals(wanted, job.state(), "job " + id + " " + job);
        return job;
    }

    @ParameterizedTest
    @ValueSource(strings = {"commands", "remote-shell", "ssh", "rest"})
    void runsAJobAndReadsItsOutput(String kind) throws Exception {
        ClusterBackend b = backend(kind);
        BatchRequest r = request("echo-" + kind, "", "echo \"$JTUNE_GREETING on $SLURM_JOB_NODELIST\"");
        String id = b.submit(r);
        assertTrue(id.matches("\\d+"), id);
        SchedulerJob done = waitFor(b, id, SchedulerState.COMPLETED);
        assertEquals("localhost", done.node());
        assertEquals("hello from 'echo-" + kind + "' on localhost\n", b.readFile(r.output()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"commands", "remote-shell", "ssh", "rest"})
    void cancelsARunningJob(String kind) throws Exception {
        ClusterBackend b = backend(kind);
        String id = b.submit(request("sleep-" + kind, "", "sleep 300"));
        waitFor(b, id, SchedulerState.RUNNING);
        b.cancel(id);
        waitFor(b, id, SchedulerState.CANCELLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"commands", "remote-shell", "ssh", "rest"})
    void aPartitionThatDoesNotExistIsRefusedWithSlurmsReason(String kind) throws Exception {
        ClusterException e = assertThrows(ClusterException.class,
                () -> backend(kind).submit(request("nopart-" + kind, "nosuch", "true")));
        assertTrue(e.getMessage().contains("refused the job") && e.getMessage().contains("nvalid partition"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"commands", "remote-shell", "ssh", "rest"})
    void aJobTheSchedulerForgotIsUnknownNotAnError(String kind) {
        assertEquals(SchedulerState.UNKNOWN, backend(kind).status("999999").state());
    }

    @Test
    void aWrongTokenIsRejectedWithWhatToDo() {
        SlurmRest wrong = new SlurmRest("local", slurm.restUrl(), SlurmRest.DEFAULT_API_VERSION, "root",
                slurm.token().substring(0, slurm.token().length() - 4) + "AAAA");
        ClusterException e = assertThrows(ClusterException.class, wrong::ping);
        assertTrue(e.getMessage().contains("rejected the token") && e.getMessage().contains("scontrol token"),
                e.getMessage());
    }

    @Test
    void anUnreachableRestAddressSaysSo() throws Exception {
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SlurmRest nobody = new SlurmRest("far", "http://127.0.0.1:" + closedPort, "v0.0.38", "root", "x");
        ClusterException e = assertThrows(ClusterException.class, () -> nobody.status("1"));
        assertTrue(e.getMessage().contains("did not answer") && e.getMessage().contains("--rest"), e.getMessage());
    }

    @Test
    void anUnreachableControllerFailsTheCommandsWithTheirReason() throws Exception {
        Path conf = slurm.dir().resolve("unreachable.conf");
        Files.writeString(conf, Files.readString(Path.of(slurm.slurmConf()))
                .replaceAll("SlurmctldPort=\\d+", "SlurmctldPort=9")
                .replaceAll("MailProg=/bin/true", "MailProg=/bin/true\nMessageTimeout=2"));
        SlurmCommands far = new SlurmCommands("far", java.util.List.of(), Map.of("SLURM_CONF", conf.toString()));
        ClusterException e = assertThrows(ClusterException.class, () -> far.status("1"));
        assertTrue(e.getMessage().contains("cluster 'far'") && e.getMessage().contains("reachable"), e.getMessage());
    }
}
