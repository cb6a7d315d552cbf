package io.cardeck.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds dataset files byte by byte as the published formats define them, independently of the readers. */
public final class DatasetFiles {

    private DatasetFiles() {
    }

    /** An IDX file: big-endian magic, big-endian dimensions, then the data. */
    public static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buffer.putInt(magic);
        for (int dim : dims) {
            buffer.putInt(dim);
        }
        buffer.put(data);
        return buffer.array();
    }

    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A .npy file with the given header dict text, padded with spaces and a newline to a multiple of
     * 64 bytes as numpy does; version 1 has a 2-byte header length, version 2 a 4-byte one.
     */
    public static byte[] npy(int major, String dictionary, byte[] data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int preamble = 8 + lengthBytes;
        int total = (preamble + dictionary.length() + 1 + 63) / 64 * 64;
        String text = dictionary + " ".repeat(total - preamble - dictionary.length() - 1) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            buffer.putShort((short) text.length());
        } else {
            buffer.putInt(text.length());
        }
        buffer.put(text.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return buffer.array();
    }

    /** The header dict numpy writes for a C-order array. */
    public static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** Little-endian int64 values, as numpy stores '<i8'. */
    public static byte[] int64(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            buffer.putLong(value);
        }
        return buffer.array();
    }

    /** Little-endian int32 values, as numpy stores '<i4'. */
    public static byte[] int32(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int value : values) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    public static byte[] uint8(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** Deterministic pseudo-random bytes: {@code (i * 37 + seed) mod 256}. */
    public static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 37 + seed);
        }
        return bytes;
    }

    public static Path write(Path file, byte[] contents) {
        try {
            return Files.write(file, contents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
