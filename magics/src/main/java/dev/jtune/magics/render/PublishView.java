package dev.jtune.magics.render;

import java.util.Locale;

/** The published model folder and a summary of what it holds. */
public final class PublishView {
    private PublishView() {
    }

    public static Bundle render(PublishedFolder model) {
        Table.Builder table = Table.builder("Published " + model.name() + " → " + model.folder(), "file", "size");
        for (PublishedFolder.FileEntry file : model.files()) {
            table.row(Cell.text(file.name()), Cell.number(size(file.bytes())));
        }
        table.note((model.adapterOnly() ? "LoRA adapter" : "Merged model") + " from job " + model.job() + ", step " + model.step()
                + ", base " + model.base() + ". Use it as a MODEL: %chat " + model.name() + " … or load the folder with HuggingFace.");
        return TableRenderer.bundle(table.build());
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        if (bytes >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return bytes + " B";
    }
}
