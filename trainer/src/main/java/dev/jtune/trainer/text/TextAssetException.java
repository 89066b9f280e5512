package dev.jtune.trainer.text;

import dev.jtune.trainer.UserFacingException;

/** A model folder's tokenizer files are missing or malformed; the message says which file and what to do. */
public class TextAssetException extends UserFacingException {

    public TextAssetException(String message) {
        super(message);
    }

    public TextAssetException(String message, Throwable cause) {
        super(message, cause);
    }
}
