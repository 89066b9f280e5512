package dev.jtune.trainer.io;

import java.io.IOException;

/** A safetensors file that cannot be read as such; the message says which file, what is wrong and what to do. */
public class SafetensorsException extends IOException {

    public SafetensorsException(String message) {
        super(message);
    }
}
