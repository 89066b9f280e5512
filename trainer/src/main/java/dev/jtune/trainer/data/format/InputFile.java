package dev.jtune.trainer.data.format;

import dev.jtune.trainer.data.example.DatasetException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a dataset path is before anything reads it: a regular UTF-8 file, or else a sentence naming what it is
 * instead (missing, a folder, a symlink loop, a FIFO or device, UTF-16/32 text). Only the first
 * {@link #SNIFF_BYTES} bytes are looked at, so a huge file costs no more than a small one here.
 */
public final class InputFile {

    /** Bytes read to tell the encoding and the layout; a few KB whatever the file's size. */
    static final int SNIFF_BYTES = 4096;

    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private InputFile() {
    }

    /** Throws a {@link DatasetException} naming what {@code file} is unless it is a readable regular file. */
    public static void requireRegularFile(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw new DatasetException(file + " is a symbolic link to " + linkTarget(file) + ", which does not "
                        + "exist; point it at the dataset file or give the file's own path.", e);
            }
            throw new DatasetException("Dataset file not found: " + file.toAbsolutePath() + " (paths are relative to "
                    + Path.of("").toAbsolutePath() + ").", e);
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().toLowerCase(java.util.Locale.ROOT).contains("symbolic links")) {
                throw new DatasetException(file + " is a symbolic link that leads back to itself (a loop of links), "
                        + "so it reaches no file; give the dataset file's real path.", e);
            }
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (attributes.isDirectory()) {
            throw new DatasetException(file + " is a folder; give the path of a .jsonl, .json, .csv or .txt file "
                    + "in it.");
        }
        if (attributes.isOther()) {
            throw new DatasetException(file + " is " + specialKind(file) + ", not a file: a dataset is read twice "
                    + "(to tell its format, then its records), so save the data to a regular file first.");
        }
        if (!Files.isReadable(file)) {
            throw new DatasetException("Cannot read " + file + ": permission denied.");
        }
    }

    /** Refuses text that is not UTF-8 (nor ASCII), telling UTF-16 and UTF-32 from their byte-order mark or NULs. */
    static void requireUtf8(Path file) {
        byte[] head = head(file);
        String encoding = nonUtf8Encoding(head);
        if (encoding != null) {
            throw new DatasetException(file.getFileName() + " is " + encoding + " text, and datasets are read as "
                    + "UTF-8: save it as UTF-8 (e.g. iconv -f " + encoding.replaceAll(" .*", "") + " -t UTF-8 "
                    + file.getFileName() + " > utf8-" + file.getFileName() + ").");
        }
        if (indexOf(head, (byte) 0) >= 0) {
            throw new DatasetException(file.getFileName() + " holds NUL bytes in its first " + head.length
                    + " bytes, so it is a binary file, not text: give a .jsonl, .json, .csv or .txt file.");
        }
    }

    /**
     * "UTF-16LE", "UTF-32BE (with a byte-order mark)" and so on, or null for anything that may be UTF-8. Without a
     * mark, ASCII characters in UTF-16 have one NUL byte beside them and in UTF-32 three, which text never has.
     */
    static String nonUtf8Encoding(byte[] b) {
        if (startsWith(b, 0xFF, 0xFE, 0x00, 0x00)) {
            return "UTF-32LE (with a byte-order mark)";
        }
        if (startsWith(b, 0x00, 0x00, 0xFE, 0xFF)) {
            return "UTF-32BE (with a byte-order mark)";
        }
        if (startsWith(b, 0xFF, 0xFE)) {
            return "UTF-16LE (with a byte-order mark)";
        }
        if (startsWith(b, 0xFE, 0xFF)) {
            return "UTF-16BE (with a byte-order mark)";
        }
        if (b.length >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) {
            return "UTF-32LE";
        }
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0) {
            return "UTF-32BE";
        }
        if (b.length >= 2 && b[0] != 0 && b[1] == 0) {
            return "UTF-16LE";
        }
        if (b.length >= 2 && b[0] == 0 && b[1] != 0) {
            return "UTF-16BE";
        }
        return null;
    }

    /** The first {@link #SNIFF_BYTES} bytes (fewer for a shorter file). */
    static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SNIFF_BYTES);
        } catch (IOException e) {
            throw new DatasetException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String specialKind(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode") & S_IFMT;
            return switch (mode) {
                case S_IFIFO -> "a named pipe (FIFO)";
                case S_IFCHR -> "a character device";
                case S_IFBLK -> "a block device";
                case S_IFSOCK -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file (a pipe, device or socket)";
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a missing path";
        }
    }
}
