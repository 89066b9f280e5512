package dev.jtune.trainer.hub;

/** Reports a hub download as it goes (for a progress bar). */
@FunctionalInterface
public interface DownloadProgress {

    DownloadProgress NONE = (file, fileIndex, fileCount, bytesDone, bytesTotal) -> { };

    /** @param bytesTotal -1 when the server did not say */
    void update(String file, int fileIndex, int fileCount, long bytesDone, long bytesTotal);
}
