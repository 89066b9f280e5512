package dev.jtune.trainer.tiny;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TinyModelConcurrencyTest {

    @Test
    void concurrentRunsAgreeOnOneCompleteFolder(@TempDir Path cache) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Path> task = () -> TinyModel.materialize(cache);
            List<Future<Path>> results = pool.invokeAll(List.of(task, task));
            Path first = results.get(0).get();
            assertEquals(first, results.get(1).get());
            assertTrue(Files.isRegularFile(first.resolve("model.safetensors")));
            try (Stream<Path> entries = Files.list(cache)) {
                assertEquals(List.of(first), entries.toList(), "no temp folder is left behind");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
