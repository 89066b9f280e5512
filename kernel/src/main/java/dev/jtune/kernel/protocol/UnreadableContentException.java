package dev.jtune.kernel.protocol;

/**
 * A correctly signed message whose content could not be read (e.g. a cell larger than the JSON reader accepts).
 * Unlike a forged message it deserves an answer: {@link #envelope()} has its identities and header (content
 * empty), so the kernel can reply with an error that says why.
 */
public final class UnreadableContentException extends InvalidMessageException {
    private final transient Message envelope;

    public UnreadableContentException(Message envelope, String reason) {
        super(reason);
        this.envelope = envelope;
    }

    public Message envelope() {
        return envelope;
    }
}
