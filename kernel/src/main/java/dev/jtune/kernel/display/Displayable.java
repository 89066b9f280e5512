package dev.jtune.kernel.display;

/** A type that knows how to show itself in a notebook. */
public interface Displayable {
    MimeBundle toMimeBundle();
}
