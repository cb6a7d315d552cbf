package io.cardeck.data.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.DatasetFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Uint8NpyWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesRowsOutOfOrderFromSeveralThreads() throws Exception {
        int rows = 40;
        int rowBytes = 3 * 2;
        byte[] expected = DatasetFiles.pattern(rows * rowBytes, 13);
        Path target = dir.resolve("out.npy");

        try (Uint8NpyWriter writer = Uint8NpyWriter.create(target, rows, 3, 2)) {
            assertEquals(rowBytes, writer.rowBytes());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    // Thread t writes pairs of rows 8k+2t, 8k+2t+1, last pair first.
                    done.add(pool.submit(() -> {
                        for (int first = rows - 8 + 2 * thread; first >= 0; first -= 8) {
                            writer.writeRows(first, expected, first * rowBytes, 2);
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertFalse(Files.exists(target));
            writer.commit();
        }

        assertTrue(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("out.npy.partial")));
        byte[] bytes = Files.readAllBytes(target);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("\u0093NUMPY", new String(bytes, 0, 6, StandardCharsets.ISO_8859_1));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        int headerLength = buffer.getShort(8);
        assertEquals(0, (10 + headerLength) % 64);
        String dictionary = "{'descr': '|u1', 'fortran_order': False, 'shape': (40, 3, 2), }";
        assertEquals(dictionary + " ".repeat(headerLength - dictionary.length() - 1) + "\n",
                new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1));
        assertEquals(128, 10 + headerLength); // 10 + 64 + newline rounded up to 64
        assertArrayEquals(expected, Arrays.copyOfRange(bytes, 10 + headerLength, bytes.length));

        NpyHeader header = NpyReader.readUint8Header(target);
        assertEquals(List.of(40L, 3L, 2L), header.shape());
    }

    @Test
    void writesOneDimensionalArraysAsNumpyDoes() throws Exception {
        Path target = dir.resolve("labels.npy");
        try (Uint8NpyWriter writer = Uint8NpyWriter.create(target, 3)) {
            writer.writeRows(0, DatasetFiles.uint8(4, 5, 6), 0, 3);
            writer.commit();
        }

        // np.save of np.array([4, 5, 6], np.uint8): a 118-byte header text, then the data at 128.
        byte[] bytes = Files.readAllBytes(target);
        assertEquals(131, bytes.length);
        assertEquals("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }" + " ".repeat(60) + "\n",
                new String(bytes, 10, 118, StandardCharsets.ISO_8859_1));
        assertArrayEquals(new int[] {4, 5, 6}, NpyReader.readLabels(target));
    }

    @Test
    void closeWithoutCommitLeavesNoFileAndKeepsThePreviousTarget() throws Exception {
        Path target = dir.resolve("cell.npy");
        Files.write(target, DatasetFiles.uint8(1, 2, 3));

        try (Uint8NpyWriter writer = Uint8NpyWriter.create(target, 2, 2)) {
            writer.writeRows(0, new byte[4], 0, 2);
            assertTrue(Files.exists(dir.resolve("cell.npy.partial")));
        }

        assertFalse(Files.exists(dir.resolve("cell.npy.partial")));
        assertArrayEquals(DatasetFiles.uint8(1, 2, 3), Files.readAllBytes(target));
    }

    @Test
    void refusesToCommitMissingRows() {
        Path target = dir.resolve("holes.npy");
        try (Uint8NpyWriter writer = Uint8NpyWriter.create(target, 4, 1)) {
            writer.writeRows(0, new byte[1], 0, 1);
            writer.writeRows(2, new byte[2], 0, 2);

            IllegalStateException e = assertThrows(IllegalStateException.class, writer::commit);
            assertTrue(e.getMessage().contains("1 of 4 rows not written, first missing row 1"), e.getMessage());
        }
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("holes.npy.partial")));
    }

    @Test
    void rejectsRowsOutsideTheArray() {
        try (Uint8NpyWriter writer = Uint8NpyWriter.create(dir.resolve("b.npy"), 2, 3)) {
            assertThrows(IndexOutOfBoundsException.class, () -> writer.writeRows(1, new byte[6], 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> writer.writeRows(-1, new byte[3], 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> writer.writeRows(0, new byte[5], 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> writer.writeRows(0, new byte[6], 4, 1));
        }
    }

    @Test
    void rejectsWritesAfterCommit() {
        try (Uint8NpyWriter writer = Uint8NpyWriter.create(dir.resolve("c.npy"), 1, 1)) {
            writer.writeRows(0, new byte[1], 0, 1);
            writer.commit();
            assertThrows(IllegalStateException.class, () -> writer.writeRows(0, new byte[1], 0, 1));
            assertThrows(IllegalStateException.class, writer::commit);
        }
        assertTrue(Files.exists(dir.resolve("c.npy")));
    }

    @Test
    void rejectsInvalidShapes() {
        assertThrows(IllegalArgumentException.class, () -> Uint8NpyWriter.create(dir.resolve("x.npy")));
        assertThrows(IllegalArgumentException.class, () -> Uint8NpyWriter.create(dir.resolve("x.npy"), 3, 0));
        assertFalse(Files.exists(dir.resolve("x.npy.partial")));
    }
}
