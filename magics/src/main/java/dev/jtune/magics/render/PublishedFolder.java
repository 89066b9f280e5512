package dev.jtune.magics.render;

import java.util.List;

/** What {@code %publish} wrote: the folder, where it came from, and its files with their sizes. */
public record PublishedFolder(String name, String folder, String job, long step, String base, boolean adapterOnly,
                             List<FileEntry> files) {
    public PublishedFolder {
        files = List.copyOf(files);
    }

    public record FileEntry(String name, long bytes) {
    }
}
