package dev.jtune.magics.view;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.jtune.magics.chart.TokenHistogram;
import dev.jtune.magics.render.Bundle;
import dev.jtune.magics.render.DatasetIssue;
import dev.jtune.magics.render.DatasetSummary;
import dev.jtune.magics.render.Formats;
import dev.jtune.magics.render.PairsView;
import dev.jtune.magics.render.Turn;
import dev.jtune.trainer.data.CatalogEntry;
import dev.jtune.trainer.data.LoadReport;
import dev.jtune.trainer.data.example.DatasetError;
import dev.jtune.trainer.data.example.Example;
import dev.jtune.trainer.data.stats.DatasetStats;
import dev.jtune.trainer.data.stats.LengthDistribution;
import dev.jtune.trainer.text.ChatMessage;

/** Turns the trainer's dataset objects into the records the views draw. */
public final class DatasetViews {
    private DatasetViews() {
    }

    /** @param stats token counts of every example (training and validation) under {@code model} */
    public static DatasetSummary summary(CatalogEntry entry, DatasetStats stats, String model) {
        LoadReport report = entry.report();
        return new DatasetSummary(entry.name(), source(report.file()), report.format() == null ? "–" : report.format().cliName(),
                entry.train().size(), entry.validation().size(), split(entry.split()), stats.turns(), stats.totalTokens(), stats.trainedTokens(),
                stats.lengths().mean(), stats.lengths().max(), (int) stats.overLength(), stats.maxSeqLen(), (int) report.skipped(),
                model, warnings(report, stats));
    }

    /** The held-out share and its seed: the same seed gives the same split, so a reader can reproduce it. */
    static String split(dev.jtune.trainer.data.DatasetSplit split) {
        return split.holdsOut() ? Formats.decimal(split.ratio() * 100, 1).replaceAll("\\.0$", "") + "%, seed "
                + split.seed() : "";
    }

    private static List<String> warnings(LoadReport report, DatasetStats stats) {
        List<String> warnings = new ArrayList<>(report.warnings());
        if (stats.fullyCut() > 0) {
            warnings.add(stats.fullyCut() + " examples lose every trained token at --max-seq-len " + stats.maxSeqLen()
                    + " and will be left out; raise --max-seq-len to keep them.");
        }
        return warnings;
    }

    /** A path as short as it can be shown: relative to the notebook folder when inside it. */
    public static String source(Path file) {
        if (file == null) {
            return "–";
        }
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    public static List<DatasetIssue> issues(LoadReport report) {
        List<DatasetIssue> issues = new ArrayList<>();
        for (DatasetError error : report.errors()) {
            String file = error.location() == null || error.location().file() == null ? source(report.file())
                    : String.valueOf(error.location().file().getFileName());
            issues.add(new DatasetIssue(file, error.location() == null ? 0 : error.location().line(), error.reason()));
        }
        return issues;
    }

    public static List<List<Turn>> conversations(List<Example> examples, int rows) {
        List<List<Turn>> conversations = new ArrayList<>();
        for (Example example : examples.subList(0, Math.min(rows, examples.size()))) {
            if (example.isText()) {
                conversations.add(List.of(new Turn("text", example.text())));
            } else {
                List<Turn> turns = new ArrayList<>();
                if (!example.tools().isEmpty()) {
                    turns.add(new Turn("tools", ToolCallText.tools(example.tools())));
                }
                example.messages().forEach(m -> turns.add(turn(m)));
                conversations.add(turns);
            }
        }
        return conversations;
    }

    /** The first {@code rows} examples of a preference dataset as prompt, chosen and rejected turns. */
    public static List<PairsView.Pair> pairs(List<Example> examples, int rows) {
        List<PairsView.Pair> pairs = new ArrayList<>();
        for (Example example : examples.subList(0, Math.min(rows, examples.size()))) {
            List<Turn> prompt = new ArrayList<>();
            if (!example.tools().isEmpty()) {
                prompt.add(new Turn("tools", ToolCallText.tools(example.tools())));
            }
            example.prompt().forEach(m -> prompt.add(turn(m)));
            pairs.add(new PairsView.Pair(prompt, example.chosen().stream().map(DatasetViews::turn).toList(),
                    example.rejected().stream().map(DatasetViews::turn).toList()));
        }
        return pairs;
    }

    private static Turn turn(ChatMessage message) {
        String role = message.lossWeight() == null ? message.role() : message.role() + " (weight " + message.lossWeight() + ")";
        if (message.toolCallId() != null) {
            role += " (answers " + message.toolCallId() + ")";
        }
        return new Turn(role, ToolCallText.turn(message.content(), message.toolCalls()));
    }

    public static Bundle histogram(String dataset, DatasetStats stats) {
        LengthDistribution lengths = stats.lengths();
        byte[] png = TokenHistogram.png(dataset, lengths.binStart(), lengths.binWidth(), lengths.counts(), stats.maxSeqLen());
        return Bundle.png("Token lengths of " + dataset + ": min " + lengths.min() + ", median " + lengths.p50() + ", p95 "
                + lengths.p95() + ", max " + lengths.max() + " tokens.", png);
    }
}
