package dev.jtune.magics.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The live training line: a progress bar and the figures a console shows, in HTML and as one text line. */
public final class ProgressView {
    static final int TEXT_BAR = 24;

    private ProgressView() {
    }

    public static Bundle render(TrainingProgress p) {
        return Bundle.of(text(p), html(p));
    }

    static List<String[]> figures(TrainingProgress p) {
        List<String[]> figures = new ArrayList<>();
        figures.add(new String[] {"step", Formats.count(p.step()) + " / " + Formats.count(p.totalSteps())});
        figures.add(new String[] {"epoch", Formats.decimal(p.epoch(), 2) + " / " + Formats.trim(p.totalEpochs())});
        figures.add(new String[] {"loss", Formats.loss(p.loss())});
        if (p.validationLoss() != null) {
            figures.add(new String[] {"val loss", Formats.loss(p.validationLoss())});
        }
        // a DPO job's live figures, by TRL's names (the last log step's, and the last evaluation's)
        Double accuracy = p.metrics().get("rewards/accuracies");
        if (accuracy != null) {
            figures.add(new String[] {"pref acc", Formats.percent(accuracy)});
            figures.add(new String[] {"margin", Formats.loss(p.metrics().get("rewards/margins"))});
        }
        Double valAccuracy = p.metrics().get("eval_rewards/accuracies");
        if (valAccuracy != null) {
            figures.add(new String[] {"val pref acc", Formats.percent(valAccuracy)});
        }
        if (p.learningRate() != null) {
            figures.add(new String[] {"lr", Formats.learningRate(p.learningRate())});
        }
        figures.add(new String[] {"tokens/s", Formats.compact(p.tokensPerSecond())});
        figures.add(new String[] {"tokens", Formats.compact(p.tokens())});
        figures.add(new String[] {"elapsed", Formats.duration(p.elapsed())});
        figures.add(new String[] {"remaining", p.remaining() == null ? "–" : Formats.duration(p.remaining())});
        return figures;
    }

    public static String text(TrainingProgress p) {
        int filled = (int) Math.round(p.fraction() * TEXT_BAR);
        StringBuilder out = new StringBuilder();
        out.append(p.job()).append(" ").append(p.status()).append(" [").append("#".repeat(filled))
                .append("-".repeat(TEXT_BAR - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3.0f%%", p.fraction() * 100));
        for (String[] figure : figures(p)) {
            out.append("  ").append(figure[0]).append(' ').append(figure[1]);
        }
        if (p.message() != null) {
            out.append('\n').append(p.message());
        }
        return out.toString();
    }

    public static String html(TrainingProgress p) {
        String percent = String.format(Locale.ROOT, "%.1f", p.fraction() * 100);
        StringBuilder out = new StringBuilder();
        out.append("<div class=\"jtune-progress\" style=\"font-size:13px;margin:4px 0\">");
        out.append("<div style=\"margin-bottom:3px\"><b>").append(Html.escape(p.job())).append("</b> ")
                .append(StatusBadge.html(p.status())).append("</div>");
        out.append("<div style=\"width:480px;height:14px;background:#eee;border-radius:3px;overflow:hidden\">")
                .append("<div style=\"width:").append(percent).append("%;height:100%;background:")
                .append(StatusBadge.color(p.status())).append("\"></div></div>");
        out.append("<table style=\"").append(TableRenderer.TABLE_STYLE).append("\"><tr>");
        for (String[] figure : figures(p)) {
            out.append("<td style=\"padding:2px 6px 2px 0;color:#666;white-space:nowrap\">").append(Html.escape(figure[0]))
                    .append("</td><td style=\"padding:2px 14px 2px 0;font-variant-numeric:tabular-nums;white-space:nowrap\"><b>")
                    .append(Html.escape(figure[1])).append("</b></td>");
        }
        out.append("</tr></table>");
        if (p.message() != null) {
            out.append("<div style=\"color:#555\">").append(Html.escape(p.message())).append("</div>");
        }
        out.append("</div>");
        return out.toString();
    }
}
