package dev.jtune.kernel.exec;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a kernel-side object to JShell code: {@link #put} parks it under a fresh key and JShell code
 * {@code take}s it. Static because snippet code can only reach kernel objects through static members.
 */
public final class Bindings {
    private static final Map<String, Object> PARKED = new ConcurrentHashMap<>();

    private Bindings() {
    }

    static String put(Object value) {
        String key = UUID.randomUUID().toString();
        PARKED.put(key, value == null ? NULL : value);
        return key;
    }

    /** Called from generated JShell code. */
    public static Object take(String key) {
        Object v = PARKED.remove(key);
        return v == NULL ? null : v;
    }

    private static final Object NULL = new Object();
}
