package dev.jtune.trainer.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtune.trainer.io.AtomicFolders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Downloads a model repository from the HuggingFace hub (or a mirror at {@code HF_ENDPOINT}) into a local cache,
 * in the hub's URL layout: the file list from {@code {endpoint}/api/models/{repo}[/revision/{rev}]} (siblings),
 * each file from {@code {endpoint}/{repo}/resolve/{revision}/{file}}; {@code HF_TOKEN} is sent as a bearer token.
 * Only the files a model folder needs are fetched (configs, safetensors, tokenizer, chat template). The snapshot is
 * written into a temp folder and renamed into place when complete, so the cache never holds half a model.
 */
public final class HubClient {

    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpoint;
    private final String token;
    private final Path cacheDir;
    private final HttpClient http;

    public HubClient(String endpoint, String token, Path cacheDir) {
        this.endpoint = endpoint.replaceAll("/+$", "");
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.cacheDir = cacheDir;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    /** {@code HF_ENDPOINT} (default huggingface.co), {@code HF_TOKEN}, and the given cache folder. */
    public static HubClient fromEnvironment(Path cacheDir) {
        String endpoint = System.getenv("HF_ENDPOINT");
        return new HubClient(endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint,
                System.getenv("HF_TOKEN"), cacheDir);
    }

    /** {@code $JTUNE_HOME/cache/hub}, else {@code ~/.cache/jtune/hub}. */
    public static Path defaultCacheDir() {
        String home = System.getenv("JTUNE_HOME");
        return home == null || home.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "jtune", "hub")
                : Path.of(home, "cache", "hub");
    }

    public static boolean isRepoId(String reference) {
        return reference != null && REPO_ID.matcher(reference).matches() && !reference.contains("..");
    }

    public String endpoint() {
        return endpoint;
    }

    /** Where a snapshot lives (whether downloaded or not). */
    public Path snapshotDir(String repoId, String revision) {
        return cacheDir.resolve(repoId.replace("/", "--")).resolve(revision);
    }

    /** The local folder of {@code repoId} at {@code revision} ("main" when null), downloading it when absent. */
    public Path download(String repoId, String revision, DownloadProgress progress) {
        if (!isRepoId(repoId)) {
            throw new HubException("'" + repoId + "' is not a hub model id: use org/name, e.g. "
                    + "Qwen/Qwen2.5-0.5B-Instruct");
        }
        String rev = revision == null || revision.isBlank() ? "main" : revision;
        Path target = snapshotDir(repoId, rev);
        if (Files.isDirectory(target)) {
            return target;
        }
        List<String> files = wantedFiles(listFiles(repoId, rev), repoId);
        DownloadProgress report = progress == null ? DownloadProgress.NONE : progress;
        try {
            AtomicFolders.build(target.resolveSibling("." + rev + ".download"), dir -> {
                for (int i = 0; i < files.size(); i++) {
                    fetch(repoId, rev, files.get(i), dir, i, files.size(), report);
                }
            }, built -> Files.move(built, target, StandardCopyOption.ATOMIC_MOVE));
            return target;
        } catch (IOException e) {
            throw new HubException("downloading " + repoId + " into " + target + " failed: " + e.getMessage(), e);
        }
    }

    private List<String> listFiles(String repoId, String rev) {
        String url = endpoint + "/api/models/" + repoId + ("main".equals(rev) ? "" : "/revision/" + rev);
        HttpResponse<InputStream> r = send(url, repoId);
        try (InputStream in = r.body()) {
            JsonNode info = JSON.readTree(in);
            List<String> names = new ArrayList<>();
            for (JsonNode s : info.path("siblings")) {
                names.add(s.path("rfilename").asText());
            }
            return names;
        } catch (IOException e) {
            throw new HubException("the hub at " + endpoint + " sent an unreadable file list for " + repoId + ": "
                    + e.getMessage(), e);
        }
    }

    /** Configs, tokenizer, chat template and safetensors weights; not .bin/.pt/.onnx/.gguf copies. */
    static List<String> wantedFiles(List<String> all, String repoId) {
        List<String> wanted = all.stream().filter(f -> !f.contains("/"))
                .filter(f -> f.endsWith(".json") || f.endsWith(".safetensors") || f.endsWith(".jinja")
                        || f.equals("tokenizer.model") || f.equals("merges.txt") || f.equals("vocab.txt")
                        || f.equals("README.md"))
                .sorted().toList();
        if (wanted.stream().noneMatch(f -> f.endsWith(".safetensors"))) {
            throw new HubException(repoId + " has no .safetensors weights on the hub (JTune reads safetensors "
                    + "only): pick a repository that has them, or convert the weights and pass the folder");
        }
        if (!wanted.contains("config.json")) {
            throw new HubException(repoId + " has no config.json: it is not a transformers model repository");
        }
        return wanted;
    }

    private void fetch(String repoId, String rev, String file, Path dir, int index, int count,
                       DownloadProgress progress) throws IOException {
        HttpResponse<InputStream> r = send(endpoint + "/" + repoId + "/resolve/" + rev + "/" + file, repoId);
        long total = r.headers().firstValueAsLong("content-length").orElse(-1);
        Path out = dir.resolve(file);
        try (InputStream in = r.body(); OutputStream os = Files.newOutputStream(out)) {
            byte[] buf = new byte[1 << 16];
            long done = 0;
            long lastReport = -1;
            progress.update(file, index, count, 0, total);
            for (int n; (n = in.read(buf)) > 0; ) {
                os.write(buf, 0, n);
                done += n;
                if (done - lastReport >= (1 << 22)) {
                    progress.update(file, index, count, done, total);
                    lastReport = done;
                }
            }
            progress.update(file, index, count, done, total);
            if (total >= 0 && done != total) {
                throw new IOException(file + " ended after " + done + " of " + total + " bytes");
            }
        }
    }

    private HttpResponse<InputStream> send(String url, String repoId) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30))
                .header("User-Agent", "jtune/0.1");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new HubException("cannot reach the hub at " + endpoint + " (" + e.getClass().getSimpleName()
                    + "): check the network or HF_ENDPOINT, or download the model folder and pass its path", e);
        } catch (IOException e) {
            throw new HubException("cannot reach the hub at " + endpoint + " (" + e.getMessage() + "): check the "
                    + "network or HF_ENDPOINT, or download the model folder and pass its path", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("the download of " + repoId + " was interrupted", e);
        }
        int code = r.statusCode();
        if (code == 200) {
            return r;
        }
        closeQuietly(r.body());
        if (code == 401 || code == 403) {
            throw new HubException("the hub at " + endpoint + " refused access to " + repoId + " (HTTP " + code + "): "
                    + (token == null ? "set HF_TOKEN to a token that can read this model (gated models also need "
                    + "their license accepted on the hub)" : "the token in HF_TOKEN cannot read this model: accept "
                    + "its license on the hub or use another token"));
        }
        if (code == 404) {
            throw new HubException("no model " + repoId + " on the hub at " + endpoint + ": check the id (org/name)"
                    + " and the revision");
        }
        throw new HubException("the hub at " + endpoint + " answered HTTP " + code + " for " + url);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public String toString() {
        return "HubClient[" + endpoint + (token == null ? "" : ", with token") + ", cache " + cacheDir + "]";
    }
}
