package dev.jtune.trainer.text;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Python {@code str} methods that chat templates call ({@code content.strip()}, {@code role.startswith('a')},
 * {@code text.split('</think>')[-1]}) and negative string indexing. Jinjava resolves method calls on Java
 * objects, so {@code java.lang.String} lacks most of these (and its {@code split} returns an array); this
 * resolver answers them first and leaves everything else to Jinjava's own resolvers.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || method == null) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(s, method.toString(), args);
        if (result != NOT_HANDLED) {
            context.setPropertyResolved(true);
            return result;
        }
        return null;
    }

    private static final Object NOT_HANDLED = new Object();

    private static Object call(String s, String method, Object[] args) {
        return switch (method) {
            case "strip" -> args.length == 0 || args[0] == null ? s.strip() : stripChars(s, str(args[0]), true, true);
            case "lstrip" -> args.length == 0 || args[0] == null ? s.stripLeading()
                    : stripChars(s, str(args[0]), true, false);
            case "rstrip" -> args.length == 0 || args[0] == null ? s.stripTrailing()
                    : stripChars(s, str(args[0]), false, true);
            case "startswith" -> affix(s, args, true);
            case "endswith" -> affix(s, args, false);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s
                    : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "split" -> split(s, args.length > 0 ? args[0] : null, args.length > 1 ? toInt(args[1]) : -1);
            case "replace" -> args.length >= 2 ? s.replace(str(args[0]), str(args[1])) : NOT_HANDLED;
            case "find" -> args.length >= 1 ? s.indexOf(str(args[0])) : NOT_HANDLED;
            case "count" -> args.length >= 1 ? count(s, str(args[0])) : NOT_HANDLED;
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "join" -> args.length == 1 && args[0] instanceof Iterable<?> items ? join(s, items) : NOT_HANDLED;
            default -> NOT_HANDLED;
        };
    }

    private static String str(Object o) {
        return String.valueOf(o);
    }

    private static int toInt(Object o) {
        return o instanceof Number n ? n.intValue() : Integer.parseInt(o.toString());
    }

    private static String stripChars(String s, String chars, boolean leading, boolean trailing) {
        int from = 0;
        int to = s.length();
        while (leading && from < to && chars.indexOf(s.charAt(from)) >= 0) {
            from++;
        }
        while (trailing && to > from && chars.indexOf(s.charAt(to - 1)) >= 0) {
            to--;
        }
        return s.substring(from, to);
    }

    /** {@code startswith}/{@code endswith} with a string or a tuple/list of strings. */
    private static Object affix(String s, Object[] args, boolean prefix) {
        if (args.length == 0) {
            return NOT_HANDLED;
        }
        List<Object> candidates = new ArrayList<>();
        if (args[0] instanceof Iterable<?> items) {
            items.forEach(candidates::add);
        } else {
            candidates.add(args[0]);
        }
        for (Object c : candidates) {
            if (prefix ? s.startsWith(str(c)) : s.endsWith(str(c))) {
                return true;
            }
        }
        return false;
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (char c : s.toCharArray()) {
            out.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return out.toString();
    }

    /** Python's split: no separator splits on whitespace runs and drops empty ends. */
    private static List<String> split(String s, Object separator, int maxSplit) {
        List<String> parts = new ArrayList<>();
        if (separator == null) {
            String rest = s.strip();
            while (!rest.isEmpty()) {
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(rest);
                    return parts;
                }
                int end = 0;
                while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
                    end++;
                }
                parts.add(rest.substring(0, end));
                rest = rest.substring(end).stripLeading();
            }
            return parts;
        }
        String sep = str(separator);
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("split(): empty separator");
        }
        int from = 0;
        int at;
        while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Iterable<?> items) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(sep);
            }
            out.append(item);
            first = false;
        }
        return out.toString();
    }

    /** {@code text[-1]}: Python counts negative indexes from the end. */
    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof String s && property instanceof Number n) {
            int i = n.intValue();
            int index = i < 0 ? s.length() + i : i;
            if (index >= 0 && index < s.length()) {
                context.setPropertyResolved(true);
                return String.valueOf(s.charAt(index));
            }
        }
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: leaves assignment to the resolvers after this one
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
