package dev.jtune.magics.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Loss against step for one or more jobs: training loss as a line (smoothed over a window, the raw curve faint
 * behind it), validation loss as dashed points, and the learning rate on a second axis on the right.
 */
public final class LossChart {
    /** What to draw besides the training loss. */
    /** @param metric the logged metric drawn in the loss's place (e.g. rewards/margins), or null for the loss */
    public record Options(boolean validation, boolean learningRate, int smooth, String metric) {
        public Options(boolean validation, boolean learningRate, int smooth) {
            this(validation, learningRate, smooth, null);
        }

        public static Options defaults() {
            return new Options(true, false, 1);
        }

        /** What the y axis shows. */
        String quantity() {
            return metric == null ? "loss" : metric;
        }
    }

    private LossChart() {
    }

    public static byte[] png(List<LossSeries> jobs, Options options) {
        return Png.encode(chart(jobs, options));
    }

    static XYChart chart(List<LossSeries> jobs, Options options) {
        String quantity = options.quantity();
        String capital = Character.toUpperCase(quantity.charAt(0)) + quantity.substring(1);
        String title = jobs.size() == 1 ? capital + " of " + jobs.get(0).job() : capital;
        XYChart chart = ChartStyle.xyChart(title, "step", quantity);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("0.00#");
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisTickMarkSpacingHint(70);
        boolean anyPoint = false;
        for (int j = 0; j < jobs.size(); j++) {
            LossSeries job = jobs.get(j);
            Color color = ChartStyle.PALETTE[j % ChartStyle.PALETTE.length];
            String prefix = jobs.size() == 1 ? "" : job.job() + " ";
            if (!job.train().isEmpty()) {
                anyPoint = true;
                double[] steps = steps(job.train());
                double[] losses = values(job.train());
                if (options.smooth() > 1 && losses.length > 1) {
                    XYSeries raw = chart.addSeries(prefix + "train (raw)", steps, losses);
                    styleLine(raw, ChartStyle.withAlpha(color, 70), 1f, null);
                    raw.setShowInLegend(false);
                    XYSeries smooth = chart.addSeries(prefix + "train (smoothed " + options.smooth() + ")", steps,
                            Smoothing.movingAverage(losses, options.smooth()));
                    styleLine(smooth, color, 2f, null);
                } else {
                    styleLine(chart.addSeries(prefix + "train", steps, losses), color, 2f, null);
                }
            }
            if (options.validation() && !job.validation().isEmpty()) {
                anyPoint = true;
                XYSeries validation = chart.addSeries(prefix + "validation", steps(job.validation()), values(job.validation()));
                styleLine(validation, color.darker(), 1.5f, new float[] {6f, 4f});
                validation.setMarker(SeriesMarkers.CIRCLE);
                validation.setMarkerColor(color.darker());
            }
            if (options.learningRate() && !job.learningRate().isEmpty()) {
                anyPoint = true;
                XYSeries lr = chart.addSeries(prefix + "learning rate", steps(job.learningRate()), values(job.learningRate()));
                styleLine(lr, jobs.size() == 1 ? ChartStyle.LEARNING_RATE : ChartStyle.withAlpha(color, 150), 1.2f, new float[] {2f, 3f});
                lr.setYAxisGroup(1);
            }
        }
        if (options.learningRate()) {
            chart.setYAxisGroupTitle(1, "learning rate");
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            chart.getStyler().putYAxisGroupDecimalPatternMap(1, "0.0E0");
            chart.getStyler().setYAxisMin(1, 0.0);
        }
        if (!anyPoint) {
            // XChart refuses an empty chart; an invisible point keeps axes and the title ("no steps logged yet").
            chart.setTitle(title + " (no steps logged yet)");
            chart.getStyler().setLegendVisible(false);
            XYSeries empty = chart.addSeries("no steps logged yet", new double[] {0}, new double[] {0});
            empty.setMarker(SeriesMarkers.NONE);
            empty.setLineColor(new Color(0, 0, 0, 0));
        }
        return chart;
    }

    private static void styleLine(XYSeries series, Color color, float width, float[] dash) {
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(dash == null
                ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
    }

    private static double[] steps(List<Point> points) {
        return points.stream().mapToDouble(Point::step).toArray();
    }

    private static double[] values(List<Point> points) {
        return points.stream().mapToDouble(Point::value).toArray();
    }
}
