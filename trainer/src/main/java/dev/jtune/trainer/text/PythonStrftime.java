package dev.jtune.trainer.text;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Python's {@code strftime} directives (C locale) mapped onto java.time, for {@code strftime_now}. */
final class PythonStrftime {

    private PythonStrftime() {
    }

    static String format(String format, ZonedDateTime time) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            out.append(switch (d) {
                case 'd' -> pattern(time, "dd");
                case 'e' -> String.format("%2d", time.getDayOfMonth());
                case 'm' -> pattern(time, "MM");
                case 'Y' -> String.valueOf(time.getYear());
                case 'y' -> pattern(time, "yy");
                case 'b', 'h' -> pattern(time, "MMM");
                case 'B' -> pattern(time, "MMMM");
                case 'a' -> pattern(time, "EEE");
                case 'A' -> pattern(time, "EEEE");
                case 'H' -> pattern(time, "HH");
                case 'I' -> pattern(time, "hh");
                case 'M' -> pattern(time, "mm");
                case 'S' -> pattern(time, "ss");
                case 'p' -> time.getHour() < 12 ? "AM" : "PM";
                case 'j' -> String.format("%03d", time.getDayOfYear());
                case 'w' -> String.valueOf(time.getDayOfWeek().getValue() % 7);
                case 'u' -> String.valueOf(time.getDayOfWeek().getValue());
                case 'z' -> pattern(time, "xx");
                case 'Z' -> pattern(time, "zzz");
                case 'F' -> pattern(time, "yyyy-MM-dd");
                case 'T' -> pattern(time, "HH:mm:ss");
                case 'D' -> pattern(time, "MM/dd/yy");
                case 'n' -> "\n";
                case 't' -> "\t";
                case '%' -> "%";
                default -> "%" + d;
            });
        }
        return out.toString();
    }

    private static String pattern(ZonedDateTime time, String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(time);
    }
}
