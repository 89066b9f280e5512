package dev.jtune.magics.chart;

/** A trailing moving average, so a noisy loss curve shows its trend (window 1 leaves it as is). */
public final class Smoothing {
    private Smoothing() {
    }

    public static double[] movingAverage(double[] values, int window) {
        if (window <= 1) {
            return values.clone();
        }
        double[] smoothed = new double[values.length];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i];
            if (i >= window) {
                sum -= values[i - window];
            }
            smoothed[i] = sum / Math.min(i + 1, window);
        }
        return smoothed;
    }
}
