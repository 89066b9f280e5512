package dev.jtune.magics.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/**
 * Charts plot the numbers they are given (series data, smoothing, axes) and draw them (the PNG has the series'
 * colours where the lines are); samples land in target/samples so a person can look at them.
 */
class ChartsTest {
    static final Path SAMPLES = Path.of("target", "samples");

    static LossSeries curve(String job, long seed, double floor, int steps, double peakLr) {
        Random random = new Random(seed);
        List<Point> train = new ArrayList<>();
        List<Point> validation = new ArrayList<>();
        List<Point> lr = new ArrayList<>();
        int warmup = steps / 10;
        for (int step = 5; step <= steps; step += 5) {
            double clean = floor + 4.5 * Math.exp(-step / (steps / 6.0));
            train.add(new Point(step, clean * (1 + 0.12 * random.nextGaussian())));
            double rate = step < warmup ? peakLr * step / warmup
                    : peakLr * 0.5 * (1 + Math.cos(Math.PI * (step - warmup) / (steps - warmup)));
            lr.add(new Point(step, rate));
            if (step % 25 == 0) {
                validation.add(new Point(step, clean * 1.08 + 0.03));
            }
        }
        return new LossSeries(job, train, validation, lr);
    }

    static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    static void save(String name, byte[] png) throws IOException {
        Files.createDirectories(SAMPLES);
        Files.write(SAMPLES.resolve(name), png);
    }

    /** Pixels of exactly {@code rgb} in the image: where a series colour was drawn. */
    static int pixelsOf(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    static double[] ys(List<Point> points) {
        return points.stream().mapToDouble(Point::value).toArray();
    }

    @Test
    void lossChartOfOneJobWithValidationAndLearningRate() throws IOException {
        LossSeries job = curve("intents-v1", 1, 0.15, 200, 2e-3);
        byte[] png = LossChart.png(List.of(job), new LossChart.Options(true, true, 4));
        save("loss-one-job.png", png);
        BufferedImage image = decode(png);
        assertEquals(ChartStyle.WIDTH, image.getWidth());
        assertEquals(ChartStyle.HEIGHT, image.getHeight());
        var chart = LossChart.chart(List.of(job), new LossChart.Options(true, true, 4));
        var smoothed = chart.getSeriesMap().get("train (smoothed 4)");
        assertArrayEquals(Smoothing.movingAverage(ys(job.train()), 4), smoothed.getYData(), 1e-12);
        assertArrayEquals(ys(job.train()), chart.getSeriesMap().get("train (raw)").getYData(), 1e-12);
        assertEquals(job.validation().size(), chart.getSeriesMap().get("validation").getYData().length);
        assertEquals(1, chart.getSeriesMap().get("learning rate").getYAxisGroup(), "the learning rate has its own axis");
        assertTrue(pixelsOf(image, ChartStyle.PALETTE[0].getRGB()) > 200, "the training curve is drawn");
    }

    @Test
    void aLowerLossIsDrawnLower() throws IOException {
        // The same curve shifted down by 2 must put its line lower in the image: the y axis follows the data.
        LossSeries high = curve("j", 1, 2.0, 200, 1e-3);
        List<Point> lowered = high.train().stream().map(p -> new Point(p.step(), p.value() - 1.9)).toList();
        LossSeries low = new LossSeries("low", lowered, List.of(), List.of());
        LossChart.Options plain = new LossChart.Options(false, false, 1);
        BufferedImage a = decode(LossChart.png(List.of(new LossSeries("high", high.train(), List.of(), List.of()), low), plain));
        int highColour = ChartStyle.PALETTE[0].getRGB();
        int lowColour = ChartStyle.PALETTE[1].getRGB();
        assertTrue(meanRow(a, lowColour) > meanRow(a, highColour) + 20,
                "lower losses are drawn lower: rows " + meanRow(a, lowColour) + " vs " + meanRow(a, highColour));
    }

    /** The mean image row of the pixels of colour {@code rgb} (rows grow downwards). */
    static double meanRow(BufferedImage image, int rgb) {
        long sum = 0;
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
                    sum += y;
                    n++;
                }
            }
        }
        assertTrue(n > 50, "colour " + Integer.toHexString(rgb) + " is drawn (" + n + " pixels)");
        return (double) sum / n;
    }

    @Test
    void lossChartComparesJobs() throws IOException {
        byte[] png = LossChart.png(List.of(curve("lr-2e-3", 1, 0.15, 200, 2e-3), curve("lr-5e-4", 2, 0.4, 200, 5e-4)),
                new LossChart.Options(true, false, 1));
        save("loss-two-jobs.png", png);
        assertEquals(ChartStyle.WIDTH, decode(png).getWidth());
        var chart = LossChart.chart(List.of(curve("a", 1, 0.1, 100, 1e-3), curve("b", 2, 0.1, 100, 1e-3)),
                new LossChart.Options(true, true, 1));
        assertEquals(List.of("a train", "a validation", "a learning rate", "b train", "b validation", "b learning rate"),
                List.copyOf(chart.getSeriesMap().keySet()));
    }

    @Test
    void lossChartBeforeTheFirstLogStepStillRenders() throws IOException {
        byte[] png = LossChart.png(List.of(new LossSeries("new-job", List.of(), List.of(), List.of())), LossChart.Options.defaults());
        save("loss-empty.png", png);
        assertEquals(ChartStyle.HEIGHT, decode(png).getHeight());
    }

    @Test
    void tokenHistogramMarksTheTruncationLength() throws IOException {
        Random random = new Random(3);
        int[] lengths = new int[360];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = (int) Math.max(8, 38 + 10 * random.nextGaussian() + (i % 17 == 0 ? 40 : 0));
        }
        byte[] png = TokenHistogram.png("intents-train", lengths, 64);
        save("token-histogram.png", png);
        assertEquals(ChartStyle.WIDTH, decode(png).getWidth());
        var chart = TokenHistogram.chart("d", new int[] {1, 2, 3, 11}, 64);
        double[] counts = chart.getSeriesMap().get("examples").getYData();
        assertEquals(4.0, java.util.Arrays.stream(counts).sum(), "every example lands in one bin");
        assertEquals(1, TokenHistogram.niceBinWidth(11));
        assertEquals(List.of(0.0, 1.0, 1.0, 1.0, 0.0), java.util.Arrays.stream(counts, 0, 5).boxed().toList());
        assertEquals(1.0, counts[11], "11 tokens lands in its own bin");
        int limit = TokenHistogram.LIMIT_COLOR.getRGB();
        assertTrue(pixelsOf(decode(png), limit) > 50, "the truncation length is marked");
        assertEquals(0, pixelsOf(decode(TokenHistogram.png("d", new int[] {1, 2, 3, 11}, 64)), limit),
                "a limit far beyond every example is not drawn");
    }

    @Test
    void binWidthsAreRoundNumbers() {
        assertEquals(1, TokenHistogram.niceBinWidth(20));
        assertEquals(2, TokenHistogram.niceBinWidth(40));
        assertEquals(5, TokenHistogram.niceBinWidth(120));
        assertEquals(100, TokenHistogram.niceBinWidth(2048));
        assertTrue(4096 / TokenHistogram.niceBinWidth(4096) + 1 <= TokenHistogram.MAX_BINS);
    }

    @Test
    void movingAverageTrailsAndKeepsLength() {
        assertArrayEquals(new double[] {1, 1.5, 2, 3, 4}, Smoothing.movingAverage(new double[] {1, 2, 3, 4, 5}, 3), 1e-12);
        assertArrayEquals(new double[] {1, 2}, Smoothing.movingAverage(new double[] {1, 2}, 1), 1e-12);
    }
}
