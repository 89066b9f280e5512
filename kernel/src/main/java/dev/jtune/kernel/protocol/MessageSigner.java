package dev.jtune.kernel.protocol;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * HMAC-SHA256 over header, parent_header, metadata and content, in that order, as hex.
 * An empty key means the client does not sign: every signature is "" and every message is accepted.
 */
public final class MessageSigner {
    private final byte[] key;

    public MessageSigner(String key, String scheme) {
        if (scheme != null && !scheme.isEmpty() && !"hmac-sha256".equals(scheme)) {
            throw new IllegalArgumentException("Unsupported signature_scheme '" + scheme
                    + "' in the connection file; JTune supports hmac-sha256.");
        }
        this.key = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
    }

    public boolean enabled() {
        return key.length > 0;
    }

    public String sign(byte[]... parts) {
        if (!enabled()) {
            return "";
        }
        try {
            // A Mac is not thread-safe and cheap to make; one per call keeps the signer shareable.
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Constant-time comparison so the signature cannot be guessed byte by byte from timings. */
    public boolean verify(String signature, byte[]... parts) {
        if (!enabled()) {
            return true;
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = (signature == null ? "" : signature).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}
