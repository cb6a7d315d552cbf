package io.cardeck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedRecordsTest {

    @TempDir
    Path dir;

    @Test
    void splitsMappingsAtRecordBoundaries() {
        int stride = 7;
        byte[] contents = DatasetFiles.pattern(5 + 10 * stride, 1);
        Path file = DatasetFiles.write(dir.resolve("records.bin"), contents);

        List<ByteBuffer> segments = MappedRecords.map(file, 5, 10, stride, 20);

        assertEquals(5, segments.size()); // 20 bytes hold 2 whole 7-byte records
        ImageShape shape = new ImageShape(1, 1, stride);
        Uint8ImageDataset dataset = new Uint8ImageDataset("t", shape, RecordFormat.packed(PixelLayout.CHW, shape),
                segments, new int[10], List.of("only"));
        for (int i = 0; i < 10; i++) {
            byte[] pixels = new byte[stride];
            dataset.readPixels(i, pixels, 0);
            assertArrayEquals(Arrays.copyOfRange(contents, 5 + i * stride, 5 + (i + 1) * stride), pixels);
        }
    }

    @Test
    void servesImagesBeyondTwoGigabytes() throws Exception {
        // A sparse file a little over 2 GiB: only the written records take disk space.
        int stride = 3072;
        int records = (int) ((1L << 31) / stride) + 3;
        Path file = dir.resolve("large.bin");
        byte[] first = DatasetFiles.pattern(stride, 5);
        byte[] last = DatasetFiles.pattern(stride, 9);
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.setLength((long) records * stride);
            out.write(first);
            out.seek((long) (records - 1) * stride);
            out.write(last);
        }

        List<ByteBuffer> segments = MappedRecords.map(file, 0, records, stride);

        assertEquals(2, segments.size());
        ImageShape shape = new ImageShape(3, 32, 32);
        Uint8ImageDataset dataset = new Uint8ImageDataset("large", shape, RecordFormat.packed(PixelLayout.CHW, shape),
                segments, new int[records], List.of("only"));
        byte[] pixels = new byte[stride];
        dataset.readPixels(records - 1, pixels, 0);
        assertArrayEquals(last, pixels);
        dataset.readPixels(0, pixels, 0);
        assertArrayEquals(first, pixels);
        dataset.readPixels(records - 2, pixels, 0);
        assertArrayEquals(new byte[stride], pixels);
    }
}
