package dev.jtune.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jtune.trainer.io.AtomicFiles;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * An evaluation's results as {@code eval-<dataset>-<split>.json} in the evaluated model's job folder, so the scores
 * stay with the job ({@code %jobs show} lists them) and a later evaluation of the same split replaces them.
 */
public final class EvalResultFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvalResultFile() {
    }

    /** What a saved evaluation says, for job detail views. */
    public record Saved(String file, String model, String dataset, String split, int examples, String date,
                        Map<String, Double> scores) {
    }

    /** The evaluations kept in {@code jobDir}, by file name; unreadable files are left out. */
    public static List<Saved> list(Path jobDir) {
        List<Saved> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(jobDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("eval-.+\\.json")).sorted().toList()) {
                try {
                    JsonNode n = JSON.readTree(f.toFile());
                    Map<String, Double> scores = new LinkedHashMap<>();
                    n.path("scores").fields().forEachRemaining(e -> scores.put(e.getKey(), e.getValue().asDouble()));
                    out.add(new Saved(f.getFileName().toString(), n.path("model").asText(), n.path("dataset").asText(),
                            n.path("split").asText(), n.path("scored").asInt(), n.path("date").asText(), scores));
                } catch (IOException unreadable) {
                    // a half-written or hand-edited file: the job view still shows the rest
                }
            }
        } catch (IOException | UncheckedIOException noFolder) {
            return List.of();
        }
        return out;
    }

    public static Path write(Path jobDir, EvalSet set, EvalReport report) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", report.model());
        root.put("dataset", set.dataset());
        root.put("split", set.split().label());
        root.put("examples", set.examples().size());
        root.put("scored", report.total());
        root.put("date", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
        root.put("seconds", report.seconds());
        ObjectNode scores = root.putObject("scores");
        for (EvalMetric m : report.metrics()) {
            double v = report.score(m);
            if (Double.isFinite(v)) {
                scores.put(m.label(), v);
            }
        }
        if (report.loss() != null && Double.isFinite(report.perplexity())) {
            scores.put("perplexity", report.perplexity());
        }
        ArrayNode outcomes = root.putArray("outcomes");
        for (EvalOutcome o : report.outcomes()) {
            ObjectNode n = outcomes.addObject();
            n.put("index", o.index());
            n.put("question", o.question());
            n.put("expected", o.expected());
            n.put("output", o.output());
            n.put("exact", o.exact());
            n.put("contains", o.contains());
            n.put("rouge_l", o.rougeL());
        }
        Path file = jobDir.resolve(set.fileName());
        AtomicFiles.write(file, out -> out.write(JSON.writeValueAsBytes(root)));
        return file;
    }
}
