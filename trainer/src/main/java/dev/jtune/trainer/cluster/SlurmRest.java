package dev.jtune.trainer.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Slurm through slurmrestd's REST API with a JWT ({@code X-SLURM-USER-NAME} / {@code X-SLURM-USER-TOKEN}).
 * Speaks API v0.0.38, which Slurm 22.05 serves (23.02 still serves it; 23.11 dropped it for v0.0.39+); the
 * fields used (submit's {@code script}+{@code job}, {@code jobs[].job_state}, DELETE to cancel) are the same in
 * v0.0.37 (21.08), so {@code apiVersion} may name either. Files are read from the shared filesystem.
 */
public final class SlurmRest implements ClusterBackend {

    public static final String DEFAULT_API_VERSION = "v0.0.38";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String cluster;
    private final URI base;
    private final String user;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** @param baseUrl slurmrestd's address, e.g. {@code http://head:6820}; the API path is added here */
    public SlurmRest(String cluster, String baseUrl, String apiVersion, String user, String token) {
        this.cluster = cluster;
        this.base = URI.create(baseUrl.replaceAll("/+$", "") + "/slurm/" + apiVersion + "/");
        this.user = user;
        this.token = token;
        // HTTP/1.1 only: slurmrestd answers the h2c upgrade request with a reply the client cannot parse.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    @Override
    public String submit(BatchRequest r) {
        ping();  // a wrong token would otherwise come back as a vague refusal of the job
        ObjectNode body = json.createObjectNode();
        body.put("script", r.script());
        ObjectNode job = body.putObject("job");
        job.put("name", r.name());
        job.put("current_working_directory", r.workdir().toString());
        job.put("standard_output", r.output().toString());
        job.put("standard_error", r.output().toString());
        job.putArray("nodes").add(r.nodes()).add(r.nodes());
        job.put("tasks_per_node", 1);
        if (!r.partition().isEmpty()) {
            job.put("partition", r.partition());
        }
        if (!r.account().isEmpty()) {
            job.put("account", r.account());
        }
        if (r.gpusPerNode() > 0) {
            job.put("gpus_per_node", String.valueOf(r.gpusPerNode()));
        }
        if (r.timeLimitMinutes() > 0) {
            job.put("time_limit", r.timeLimitMinutes());
        }
        // slurmrestd starts jobs with only this environment (no submitter's shell), and requires one.
        ObjectNode env = job.putObject("environment");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", System.getProperty("user.home"));
        r.environment().forEach(env::put);
        JsonNode answer = call(HttpRequest.newBuilder(base.resolve("job/submit"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Type", "application/json"), "submit the job");
        String errors = errors(answer);
        if (!errors.isEmpty() || !answer.path("job_id").canConvertToLong()) {
            throw new ClusterException("Slurm on cluster '" + cluster + "' refused the job: "
                    + (errors.isEmpty() ? "no job id in its answer" : errors) + ". Check --partition, --nodes, "
                    + "--gpus-per-node and --time against the cluster.");
        }
        return answer.path("job_id").asText();
    }

    @Override
    public SchedulerJob status(String schedulerId) {
        JsonNode answer = call(HttpRequest.newBuilder(base.resolve("job/" + schedulerId)).GET(), "ask for the job");
        JsonNode jobs = answer.path("jobs");
        if (!jobs.isArray() || jobs.isEmpty()) {
            // slurmrestd 22.05 answers a token slurmctld rejects like a job it does not know: tell them apart.
            ping();
            return SchedulerJob.forgotten(schedulerId);
        }
        JsonNode j = jobs.get(0);
        return new SchedulerJob(schedulerId, SchedulerState.fromSlurm(j.path("job_state").asText()),
                j.path("state_reason").asText("").replace("None", ""), j.path("nodes").asText(""));
    }

    @Override
    public void cancel(String schedulerId) {
        call(HttpRequest.newBuilder(base.resolve("job/" + schedulerId)).DELETE(), "cancel the job");
    }

    @Override
    public String readFile(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /**
     * Checks the address and the token. slurmrestd 22.05 refuses a malformed token with 401 but passes a well-formed
     * one on; when slurmctld rejects it, the ping fails with HTTP 500 ("slurmctld config is unable to load").
     */
    public void ping() {
        try {
            call(HttpRequest.newBuilder(base.resolve("ping")).GET(), "reach slurmrestd");
        } catch (ClusterException e) {
            if (e.getMessage().contains("HTTP 500")) {
                throw new ClusterException("slurmctld of cluster '" + cluster + "' rejected the token that "
                        + "slurmrestd passed on (" + e.getMessage() + ") Make a fresh one with 'scontrol token' and "
                        + "put it in the environment variable or file the cluster names (%cluster list).", e);
            }
            throw e;
        }
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        HttpRequest req = request.timeout(TIMEOUT)
                .header("X-SLURM-USER-NAME", user)
                .header("X-SLURM-USER-TOKEN", token)
                .header("Accept", "application/json").build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new ClusterException("Could not " + what + ": slurmrestd of cluster '" + cluster + "' at "
                    + base.resolve("/") + " did not answer (" + e.getClass().getSimpleName() + "). Check --rest's "
                    + "address and that slurmrestd runs.", e);
        } catch (IOException e) {
            throw new ClusterException("Could not " + what + " on cluster '" + cluster + "': " + e.getMessage()
                    + ". Check --rest's address.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("Interrupted while trying to " + what + " on cluster '" + cluster + "'.", e);
        }
        if (resp.statusCode() == 401 || resp.statusCode() == 403) {
            throw new ClusterException("slurmrestd of cluster '" + cluster + "' rejected the token (HTTP "
                    + resp.statusCode() + "). Make a fresh one with 'scontrol token' and put it in the environment "
                    + "variable or file the cluster names (%cluster list).");
        }
        JsonNode answer;
        try {
            answer = json.readTree(resp.body());
        } catch (IOException e) {
            throw new ClusterException("slurmrestd of cluster '" + cluster + "' answered HTTP " + resp.statusCode()
                    + " with no JSON: " + abbreviate(resp.body()) + ". Check that --rest names slurmrestd and that "
                    + "it serves API " + base.getPath() + ".", e);
        }
        // A job Slurm forgot comes back as an error; status() reports it as forgotten instead of failing.
        String errors = errors(answer);
        boolean unknownJob = errors.contains("Invalid job id") || errors.contains("Unable to find JobId");
        if (resp.statusCode() >= 400 && !unknownJob && !what.equals("submit the job")) {
            throw new ClusterException("Could not " + what + " on cluster '" + cluster + "': HTTP "
                    + resp.statusCode() + " " + errors + ".");
        }
        return answer;
    }

    private static String errors(JsonNode answer) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : answer.path("errors")) {
            String error = e.path("error").asText("");
            String description = e.path("description").asText("");
            // 22.05 often says only "Unspecified error" and puts the real reason in the description.
            String text = description.isEmpty() ? error
                    : error.isEmpty() || error.equals("Unspecified error") ? description : error + " (" + description + ")";
            if (!text.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : "; ").append(text);
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        String one = s.strip().replace('\n', ' ');
        return one.length() > 120 ? one.substring(0, 120) + "..." : one;
    }
}
