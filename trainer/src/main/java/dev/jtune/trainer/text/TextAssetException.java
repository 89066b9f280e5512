package dev.jtune.trainer.text;

/** A model folder's tokenizer files are missing or malformed; the message says which file and what to do. */
public class TextAssetException extends RuntimeException {

    public TextAssetException(String message) {
        super(message);
    }

    public TextAssetException(String message, Throwable cause) {
        super(message, cause);
    }
}
