package io.cardeck.pruner.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointArchiveTest {

    @TempDir
    Path temporary;

    @Test
    void aWorkDirectoryComesBackAsItWasInAnotherPlace() throws IOException {
        Path work = temporary.resolve("job-a");
        Files.createDirectories(work.resolve("finetune"));
        byte[] weights = new byte[70_000];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) (i * 31);
        }
        Files.write(work.resolve("finetune/epoch-0002.ckpt"), weights);
        Files.writeString(work.resolve("round-01.onnx"), "round one");

        byte[] archive = CheckpointArchive.zip(work);
        Path elsewhere = temporary.resolve("other-instance/job-a");
        CheckpointArchive.unzip(archive, elsewhere);

        assertArrayEquals(weights, Files.readAllBytes(elsewhere.resolve("finetune/epoch-0002.ckpt")));
        assertEquals("round one", Files.readString(elsewhere.resolve("round-01.onnx")));
        assertArrayEquals(archive, CheckpointArchive.zip(elsewhere), "the same files archive to the same bytes");
    }

    @Test
    void anEntryThatWouldLandOutsideTheWorkDirectoryIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("../escaped.txt"));
            zip.write("x".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path work = temporary.resolve("job-b");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CheckpointArchive.unzip(bytes.toByteArray(), work));
        assertTrue(refused.getMessage().contains("../escaped.txt"), refused.getMessage());
        assertFalse(Files.exists(temporary.resolve("escaped.txt")));
    }

    @Test
    void deletingRemovesTheTreeAndAMissingDirectoryIsNoError() throws IOException {
        Path work = temporary.resolve("job-c");
        Files.createDirectories(work.resolve("a/b"));
        Files.writeString(work.resolve("a/b/file"), "x");
        CheckpointArchive.delete(work);
        assertFalse(Files.exists(work));
        CheckpointArchive.delete(work);
    }
}
