package dev.jtune.kernel.protocol;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Signatures of the signed messages already accepted, so a captured message sent again is refused: the HMAC
 * covers the header with its unique msg_id, so a repeated signature is a replay. Bounded like Jupyter's
 * Session.digest_history (2^16), forgetting the oldest first; shared by the sockets of one kernel.
 */
public final class DigestHistory {
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private final int capacity;
    private final Set<String> seen = new LinkedHashSet<>();

    public DigestHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records {@code digest}; false when it was recorded already (the message is a replay). */
    public synchronized boolean firstSighting(String digest) {
        if (!seen.add(digest)) {
            return false;
        }
        if (seen.size() > capacity) {
            var oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
