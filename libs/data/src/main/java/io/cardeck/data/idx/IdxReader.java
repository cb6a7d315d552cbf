package io.cardeck.data.idx;

import io.cardeck.data.DatasetFormatException;
import io.cardeck.data.ImageShape;
import io.cardeck.data.MappedRecords;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.RecordFormat;
import io.cardeck.data.Uint8ImageDataset;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (unsigned-byte images N x H x W and labels N),
 * raw or gzip-compressed (recognised by the gzip magic 1f 8b, whatever the file name). Raw files are
 * memory-mapped; compressed ones are inflated once into the heap.
 */
public final class IdxReader {

    /** Unsigned bytes, 3 dimensions: N x H x W images. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes, 1 dimension: N labels. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    /** An images file and its labels file as one dataset; pixels in [0, 1] as gray 1 x H x W. */
    public static Uint8ImageDataset read(String name, Path images, Path labels, List<String> classNames) {
        Contents pixels = readContents(images, IMAGES_MAGIC, "images");
        int[] labelValues = readLabels(labels, classNames.size());
        int count = (int) pixels.dims[0];
        if (labelValues.length != count) {
            throw new DatasetFormatException(labels, "holds " + labelValues.length + " labels but " + images
                    + " holds " + count + " images; the two files must have the same count");
        }
        ImageShape shape = new ImageShape(1, (int) pixels.dims[1], (int) pixels.dims[2]);
        return new Uint8ImageDataset(name, shape, RecordFormat.packed(PixelLayout.CHW, shape),
                pixels.segments, labelValues, classNames);
    }

    /** The labels of an IDX labels file, each checked to be in {@code 0 .. classCount-1}. */
    public static int[] readLabels(Path file, int classCount) {
        Contents contents = readContents(file, LABELS_MAGIC, "labels");
        int[] labels = new int[(int) contents.dims[0]];
        int next = 0;
        for (ByteBuffer segment : contents.segments) {
            for (int i = 0; i < segment.limit(); i++) {
                int label = segment.get(i) & 0xFF;
                if (label >= classCount) {
                    throw new DatasetFormatException(file, "label " + label + " at index " + next
                            + " is outside 0.." + (classCount - 1) + " (" + classCount + " classes)");
                }
                labels[next++] = label;
            }
        }
        return labels;
    }

    private record Contents(long[] dims, List<ByteBuffer> segments) {
    }

    private static Contents readContents(Path file, int magic, String what) {
        int dimensions = magic & 0xFF;
        int headerBytes = 4 + 4 * dimensions;
        boolean gzip = isGzip(file);
        try (InputStream in = open(file, gzip)) {
            byte[] header = in.readNBytes(headerBytes);
            if (header.length < 4) {
                throw new DatasetFormatException(file, "truncated: " + header.length + " bytes, too short for an IDX header");
            }
            int found = ByteBuffer.wrap(header).getInt(0);
            if (found != magic) {
                throw new DatasetFormatException(file, String.format(
                        "bad magic 0x%08x; expected 0x%08x (IDX %s: unsigned bytes, %d dimension%s)",
                        found, magic, what, dimensions, dimensions == 1 ? "" : "s"));
            }
            if (header.length < headerBytes) {
                throw new DatasetFormatException(file, "truncated header: " + header.length + " bytes, expected "
                        + headerBytes);
            }
            long[] dims = new long[dimensions];
            long recordBytes = 1;
            for (int d = 0; d < dimensions; d++) {
                dims[d] = ByteBuffer.wrap(header).getInt(4 + 4 * d) & 0xFFFFFFFFL;
                boolean valid = d == 0 ? dims[d] <= Integer.MAX_VALUE : dims[d] >= 1 && dims[d] <= 65535;
                if (!valid) {
                    throw new DatasetFormatException(file, "dimension " + d + " is " + dims[d] + "; expected "
                            + (d == 0 ? "a count of at most " + Integer.MAX_VALUE : "1..65535"));
                }
                if (d > 0) {
                    recordBytes *= dims[d];
                }
            }
            if (recordBytes > Integer.MAX_VALUE) {
                throw new DatasetFormatException(file, "an image of " + recordBytes + " pixels is too large; at most "
                        + Integer.MAX_VALUE + " are accepted");
            }
            long dataBytes = dims[0] * recordBytes;
            List<ByteBuffer> segments = gzip
                    ? List.of(inflate(file, in, dataBytes))
                    : mapRaw(file, headerBytes, dims[0], recordBytes, dataBytes);
            return new Contents(dims, segments);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file, "file not found", e);
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated gzip stream", e);
        } catch (IOException e) {
            if (gzip) {
                throw new DatasetFormatException(file, "corrupt gzip data: " + e.getMessage(), e);
            }
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static ByteBuffer inflate(Path file, InputStream in, long dataBytes) throws IOException {
        if (dataBytes > Integer.MAX_VALUE - 8) {
            throw new DatasetFormatException(file, "holds " + dataBytes + " bytes of data, too many to inflate into"
                    + " memory; decompress it (gunzip) so that it is memory-mapped instead");
        }
        byte[] data = in.readNBytes((int) dataBytes);
        if (data.length < dataBytes) {
            throw new DatasetFormatException(file, "truncated: " + data.length + " data bytes after the header,"
                    + " expected " + dataBytes + " as its dimensions say");
        }
        if (in.read() != -1) {
            throw new DatasetFormatException(file, "data continues past the " + dataBytes
                    + " bytes its dimensions say");
        }
        return ByteBuffer.wrap(data);
    }

    private static List<ByteBuffer> mapRaw(Path file, int headerBytes, long records, long recordBytes, long dataBytes)
            throws IOException {
        long found = Files.size(file) - headerBytes;
        if (found < dataBytes) {
            throw new DatasetFormatException(file, "truncated: " + found + " data bytes after the header, expected "
                    + dataBytes + " as its dimensions say");
        }
        if (found > dataBytes) {
            throw new DatasetFormatException(file, (found - dataBytes) + " bytes past the " + dataBytes
                    + " bytes its dimensions say");
        }
        return MappedRecords.map(file, headerBytes, records, (int) recordBytes);
    }

    private static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b;
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file, "file not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        return gzip ? new GZIPInputStream(raw, BUFFER) : raw;
    }
}
