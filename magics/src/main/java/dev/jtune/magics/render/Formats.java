package dev.jtune.magics.render;

import java.time.Duration;
import java.util.Locale;

/** How numbers read in every table: thousands separators, losses to 4 places, learning rates in e-notation. */
public final class Formats {
    private Formats() {
    }

    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    public static String loss(Double value) {
        if (value == null || value.isNaN()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    public static String learningRate(double value) {
        return String.format(Locale.ROOT, "%.2e", value);
    }

    public static String decimal(double value, int places) {
        return String.format(Locale.ROOT, "%." + places + "f", value);
    }

    /** 3 for 3.0, 2.5 for 2.5: counts that are usually whole. */
    public static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : new java.math.BigDecimal(Double.toString(value))
                .stripTrailingZeros().toPlainString();
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    /** Tokens/s or tokens: 1,234 or 12.3k or 4.56M. */
    /** 812 B, 3.4 MB, 1.21 GB (powers of 1024, as file managers show folder sizes). */
    public static String bytes(long n) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    public static String compact(double value) {
        if (value >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", value / 1e6);
        }
        if (value >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", value / 1e3);
        }
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** 45s, 3m 05s, 1h 02m. */
    public static String duration(Duration duration) {
        if (duration == null) {
            return "–";
        }
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
