package dev.jtune.trainer.data.format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 so that bad bytes are reported per record instead of aborting the whole file: each malformed
 * byte sequence becomes U+FFFF, a noncharacter that never occurs in real text, so a record containing it
 * is exactly a record that had invalid bytes.
 */
final class Utf8 {

    static final char INVALID = '\uFFFF';

    private Utf8() {
    }

    /** A buffered reader over the stream, without a leading byte-order mark (Excel writes one). */
    static BufferedReader reader(InputStream in) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(INVALID));
        PushbackReader r = new PushbackReader(new InputStreamReader(in, decoder), 1);
        int first = r.read();
        if (first != -1 && first != '\uFEFF') {
            r.unread(first);
        }
        return new BufferedReader(r, 1 << 16);
    }

    /** The sentence for a record with invalid bytes, pointing at the first one. */
    static String invalidMessage(String text) {
        int at = text.indexOf(INVALID);
        return "contains bytes that are not valid UTF-8 (at character " + (at + 1)
                + "); save the file as UTF-8";
    }

    static boolean isInvalid(String text) {
        return text != null && text.indexOf(INVALID) >= 0;
    }
}
