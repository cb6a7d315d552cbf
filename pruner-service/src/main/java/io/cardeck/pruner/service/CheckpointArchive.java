package io.cardeck.pruner.service;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A job's work directory as one zip archive, the form in which its checkpoint travels through the
 * database to whichever instance resumes the job.
 */
final class CheckpointArchive {

    private CheckpointArchive() {
    }

    /** Every regular file under {@code directory}, by path relative to it (with '/' separators), in name order. */
    static byte[] zip(Path directory) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> walk = Files.walk(directory)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace(file.getFileSystem()
                        .getSeparator(), "/")));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive the work directory " + directory, e);
        }
        return bytes.toByteArray();
    }

    /**
     * Unpacks {@code archive} into {@code directory} (created if missing).
     *
     * @throws IllegalArgumentException for an entry that would land outside the directory
     */
    static void unzip(byte[] archive, Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            Files.createDirectories(root);
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IllegalArgumentException("checkpoint entry '" + entry.getName() + "' lies outside the work"
                            + " directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack a checkpoint into " + directory, e);
        }
    }

    /** Removes {@code directory} and everything in it; nothing happens if it does not exist. */
    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the work directory " + directory, e);
        }
    }
}
