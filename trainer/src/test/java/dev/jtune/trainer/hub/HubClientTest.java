package dev.jtune.trainer.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jtune.trainer.job.ModelResolver;
import dev.jtune.trainer.job.ResolvedModel;
import dev.jtune.trainer.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub client against a local server that serves the fixture folders in the hub's URL layout. */
class HubClientTest {

    private static final String TOKEN = "hf_test_token";

    @TempDir
    Path cache;

    private HttpServer server;
    private String endpoint;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** org/NAME = the fixture folder NAME; gated/NAME needs the bearer token. */
    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        boolean api = path.startsWith("/api/models/");
        String rest = api ? path.substring("/api/models/".length()) : path.substring(1);
        String[] parts = rest.split("/", 5);
        if (parts.length < 2) {
            send(ex, 404, "{}");
            return;
        }
        Path folder = TestData.fixtureFolders().stream()
                .filter(f -> f.getFileName().toString().equals(parts[1])).findFirst().orElse(Path.of("missing"));
        if (parts[0].equals("gated") && !("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\":\"Access to model is restricted\"}");
            return;
        }
        if (!(parts[0].equals("org") || parts[0].equals("gated")) || !Files.isDirectory(folder)) {
            send(ex, 404, "{\"error\":\"Repository not found\"}");
            return;
        }
        if (api) {
            List<Map<String, String>> siblings = new ArrayList<>();
            try (Stream<Path> s = Files.walk(folder)) {
                s.filter(Files::isRegularFile).forEach(p -> siblings.add(Map.of("rfilename",
                        folder.relativize(p).toString())));
            }
            send(ex, 200, new ObjectMapper().writeValueAsString(Map.of("id", parts[0] + "/" + parts[1],
                    "siblings", siblings)));
            return;
        }
        // /{org}/{name}/resolve/{revision}/{file}
        if (parts.length < 5 || !parts[2].equals("resolve")) {
            send(ex, 404, "{}");
            return;
        }
        Path file = folder.resolve(parts[4]).normalize();
        if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
            send(ex, 404, "{}");
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Test
    void downloadsEveryModelFileOfEachFixtureWithProgress() throws IOException {
        for (Path fixture : TestData.fixtureFolders()) {
            String repo = "org/" + fixture.getFileName();
            List<String> reported = new ArrayList<>();
            Path dir = new HubClient(endpoint, null, cache).download(repo, null,
                    (file, i, n, done, total) -> {
                        if (done == total) {
                            reported.add(file);
                        }
                    });
            assertEquals(new HubClient(endpoint, null, cache).snapshotDir(repo, "main"), dir);
            for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                    "generation_config.json")) {
                assertArrayEquals(Files.readAllBytes(fixture.resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
                assertTrue(reported.contains(f), f);
            }
            assertFalse(Files.exists(dir.resolve("model-bf16")), "sub-folders are not part of the model");
            try (Stream<Path> s = Files.list(dir.getParent())) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".download")));
            }
        }
    }

    @Test
    void aCachedSnapshotIsNotDownloadedAgain() {
        String repo = "org/" + TestData.fixtureFolders().get(0).getFileName();
        HubClient hub = new HubClient(endpoint, null, cache);
        hub.download(repo, null, DownloadProgress.NONE);
        int before = requests.get();
        hub.download(repo, null, DownloadProgress.NONE);
        assertEquals(before, requests.get());
    }

    @Test
    void gatedModelNeedsTheToken() {
        String repo = "gated/" + TestData.fixtureFolders().get(0).getFileName();
        HubException e = assertThrows(HubException.class,
                () -> new HubClient(endpoint, null, cache).download(repo, null, DownloadProgress.NONE));
        assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("set HF_TOKEN"), e.getMessage());
        Path dir = new HubClient(endpoint, TOKEN, cache).download(repo, null, DownloadProgress.NONE);
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
    }

    @Test
    void unknownModelSaysSoWithTheEndpoint() {
        HubException e = assertThrows(HubException.class,
                () -> new HubClient(endpoint, null, cache).download("org/no-such-model", null, DownloadProgress.NONE));
        assertTrue(e.getMessage().startsWith("no model org/no-such-model on the hub at " + endpoint), e.getMessage());
        try (Stream<Path> s = Files.walk(cache)) {
            assertTrue(s.noneMatch(Files::isRegularFile));
        } catch (IOException io) {
            throw new RuntimeException(io);
        }
    }

    @Test
    void unreachableHubSaysWhatToDo() {
        server.stop(0);
        HubException e = assertThrows(HubException.class,
                () -> new HubClient(endpoint, null, cache).download("org/x", null, DownloadProgress.NONE));
        assertTrue(e.getMessage().contains("cannot reach the hub at " + endpoint), e.getMessage());
    }

    @Test
    void repoIdShapes() {
        assertTrue(HubClient.isRepoId("Qwen/Qwen2.5-0.5B-Instruct"));
        assertFalse(HubClient.isRepoId("tiny"));
        assertFalse(HubClient.isRepoId("../etc"));
        assertFalse(HubClient.isRepoId("a/b/c"));
        assertFalse(HubClient.isRepoId("org/.."));
    }

    @Test
    void resolverDownloadsHubIdsOnce() throws IOException {
        dev.jtune.trainer.job.Workspace ws = dev.jtune.trainer.job.Workspace.open(cache.resolve("ws"));
        ModelResolver resolver = new ModelResolver(ws, dir -> dir, new HubClient(endpoint, null, cache.resolve("hub")));
        String repo = "org/" + TestData.fixtureFolders().get(0).getFileName();
        ResolvedModel r = resolver.resolve(repo);
        assertEquals(ResolvedModel.Kind.HUB, r.kind());
        assertTrue(Files.isRegularFile(r.baseFolder().resolve("model.safetensors")));
        assertEquals(r.baseFolder(), resolver.resolve(repo + "@main").baseFolder());
        HubException e = assertThrows(HubException.class, () -> resolver.resolve("org/missing"));
        assertTrue(e.getMessage().startsWith("no model org/missing on the hub at " + endpoint), e.getMessage());
    }
}
