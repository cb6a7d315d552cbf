package io.cardeck.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps fixed-size records of a file read-only into memory, in as many buffers as needed: one
 * buffer addresses at most 2 GB, so each holds as many whole records as fit. The mappings outlive
 * the file channel and are released when the buffers are no longer reachable.
 */
public final class MappedRecords {

    private MappedRecords() {
    }

    /**
     * Maps {@code records} records of {@code stride} bytes starting at byte {@code offset} of
     * {@code file}; the caller has checked that the file is long enough.
     */
    public static List<ByteBuffer> map(Path file, long offset, long records, int stride) {
        return map(file, offset, records, stride, Integer.MAX_VALUE);
    }

    /** As {@link #map(Path, long, long, int)} with at most {@code maxSegmentBytes} per buffer. */
    static List<ByteBuffer> map(Path file, long offset, long records, int stride, long maxSegmentBytes) {
        if (offset < 0 || records < 0 || stride < 1) {
            throw new IllegalArgumentException("offset " + offset + ", records " + records + ", stride " + stride
                    + ": expected offset >= 0, records >= 0, stride >= 1");
        }
        long perSegment = maxSegmentBytes / stride;
        if (perSegment < 1) {
            throw new IllegalArgumentException("a record of " + stride + " bytes exceeds " + maxSegmentBytes + " bytes");
        }
        List<ByteBuffer> segments = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long first = 0; first < records; first += perSegment) {
                long count = Math.min(perSegment, records - first);
                segments.add(channel.map(FileChannel.MapMode.READ_ONLY, offset + first * stride, count * stride));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file, e);
        }
        return segments;
    }
}
