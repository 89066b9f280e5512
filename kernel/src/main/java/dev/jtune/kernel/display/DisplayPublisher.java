package dev.jtune.kernel.display;

/** Where displays go: the kernel publishes them on iopub as display_data / update_display_data. */
public interface DisplayPublisher {
    void display(MimeBundle bundle, String displayId);

    void update(MimeBundle bundle, String displayId);
}
