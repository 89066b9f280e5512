package dev.jtune.kernel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel notices when the process that owns it ends. */
class ParentWatcherTest {

    @Test
    void theWatcherFiresWhenTheWatchedProcessEndsAndNotBefore() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        try {
            CountDownLatch gone = new CountDownLatch(1);
            ParentWatcher watcher = ParentWatcher.forThisProcess(Long.toString(parent.pid()), Duration.ofMillis(50),
                    gone::countDown);
            assertTrue(watcher.watched().stream().anyMatch(w -> w.pid() == parent.pid()
                    && w.role().equals("JPY_PARENT_PID")), watcher.watched().toString());
            watcher.start();
            assertFalse(gone.await(300, TimeUnit.MILLISECONDS), "fired while the parent lives");
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(gone.await(10, TimeUnit.SECONDS), "did not notice the parent's end");
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void thisJvmsLauncherIsWatchedAndABadPidIsIgnored() {
        ParentWatcher watcher = ParentWatcher.forThisProcess("not-a-pid", Duration.ofSeconds(1), () -> { });
        List<ParentWatcher.Watched> watched = watcher.watched();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        assertEquals(List.of("launcher"), watched.stream().map(ParentWatcher.Watched::role).toList());
        assertEquals(parent, watched.get(0).pid());
        assertTrue(watched.get(0).alive());
    }
}
