package dev.jtune.trainer.model;

import java.io.IOException;

/** A model folder that this engine cannot load; the message names the file, what is wrong and what to do. */
public class ModelFormatException extends IOException {

    public ModelFormatException(String message) {
        super(message);
    }
}
