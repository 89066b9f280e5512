package dev.jtune.magics.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.jtune.magics.render.PublishedFolder;
import dev.jtune.trainer.publish.PublishedModel;

/** Turns a published model into the folder summary %publish shows. */
public final class PublishViews {
    private PublishViews() {
    }

    public static PublishedFolder folder(PublishedModel model) {
        List<PublishedFolder.FileEntry> files = new ArrayList<>();
        for (String name : model.files()) {
            Path file = model.path().resolve(name);
            long size;
            try {
                size = Files.isRegularFile(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                size = 0;
            }
            files.add(new PublishedFolder.FileEntry(name, size));
        }
        return new PublishedFolder(model.name(), DatasetViews.source(model.path()), model.job(), model.step(), model.base(),
                model.adapterOnly(), files);
    }
}
