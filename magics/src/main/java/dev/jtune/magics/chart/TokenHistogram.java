package dev.jtune.magics.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * How long the examples are, in tokens: a histogram with the truncation length marked, so a user sees at once
 * whether {@code --max-seq-len} cuts many examples.
 */
public final class TokenHistogram {
    static final int MAX_BINS = 30;
    static final Color LIMIT_COLOR = new Color(0xd62728);

    private TokenHistogram() {
    }

    /** From raw lengths, binned here into at most {@link #MAX_BINS} round-width bins. */
    public static byte[] png(String dataset, int[] lengths, int maxSeqLen) {
        return Png.encode(chart(dataset, lengths, maxSeqLen));
    }

    /** From bins already counted: bin i covers [binStart + i·binWidth, binStart + (i+1)·binWidth). */
    public static byte[] png(String dataset, int binStart, int binWidth, long[] counts, int maxSeqLen) {
        return Png.encode(chart(dataset, binStart, binWidth, counts, maxSeqLen));
    }

    static XYChart chart(String dataset, int[] lengths, int maxSeqLen) {
        int max = 1;
        for (int length : lengths) {
            max = Math.max(max, length);
        }
        int top = Math.max(max, maxSeqLen > 0 && maxSeqLen < max * 1.5 ? maxSeqLen : 0);
        int binWidth = niceBinWidth(top);
        long[] counts = new long[top / binWidth + 1];
        for (int length : lengths) {
            counts[Math.min(counts.length - 1, length / binWidth)]++;
        }
        return chart(dataset, 0, binWidth, counts, maxSeqLen);
    }

    static XYChart chart(String dataset, int binStart, int binWidth, long[] counts, int maxSeqLen) {
        XYChart chart = ChartStyle.xyChart("Tokens per example in " + dataset, "tokens per example", "examples");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        int bins = Math.max(1, counts.length);
        // Step points: each bin drawn from its left edge to the next, closed at the right with a zero.
        double[] xs = new double[bins + 1];
        double[] ys = new double[bins + 1];
        double yMax = 0;
        for (int b = 0; b <= bins; b++) {
            xs[b] = binStart + (double) b * binWidth;
            ys[b] = b < counts.length ? counts[b] : 0;
            yMax = Math.max(yMax, ys[b]);
        }
        XYSeries series = chart.addSeries("examples", xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(ChartStyle.PALETTE[0]);
        series.setFillColor(ChartStyle.withAlpha(ChartStyle.PALETTE[0], 110));
        chart.getStyler().setYAxisMin(0.0);
        boolean limitShown = maxSeqLen > 0 && maxSeqLen <= xs[bins];
        // Start where the lengths start (or at the limit, if every example is past it), not at 0.
        chart.getStyler().setXAxisMin((double) (limitShown ? Math.min(binStart, maxSeqLen) : binStart));
        if (limitShown) {
            chart.addAnnotation(new AnnotationLine(maxSeqLen, true, false));
            chart.getStyler().setAnnotationLineColor(LIMIT_COLOR);
            chart.getStyler().setAnnotationLineStroke(
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
            // Centred text would sit on the line: put it to the right, in the plot's own font.
            String text = "max-seq-len " + maxSeqLen;
            double span = xs[bins] - Math.min(binStart, maxSeqLen);
            double labelX = maxSeqLen + span * 0.012 * (text.length() / 2.0 + 1);
            chart.addAnnotation(new AnnotationText(text, labelX, yMax * 0.97, false));
            chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            chart.getStyler().setAnnotationTextFontColor(LIMIT_COLOR);
        }
        return chart;
    }

    /** A bin width of 1, 2 or 5 times a power of ten giving at most {@link #MAX_BINS} bins. */
    static int niceBinWidth(int top) {
        int width = 1;
        while (true) {
            for (int factor : new int[] {1, 2, 5}) {
                if (top / (width * factor) + 1 <= MAX_BINS) {
                    return width * factor;
                }
            }
            width *= 10;
        }
    }
}
