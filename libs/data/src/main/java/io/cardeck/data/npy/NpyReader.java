package io.cardeck.data.npy;

import io.cardeck.data.DatasetFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads .npy files (format versions 1.0, 2.0 and 3.0): the header is validated against the file
 * size, so a header that parses guarantees the data is all there.
 */
public final class NpyReader {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    private NpyReader() {
    }

    /**
     * Reads and checks the header: magic, version, dict, a supported dtype, C order, and a file
     * length of exactly header + shape x item size.
     */
    public static NpyHeader readHeader(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, channel);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file, "file not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** As {@link #readHeader(Path)} and requires uint8 elements. */
    public static NpyHeader readUint8Header(Path file) {
        NpyHeader header = readHeader(file);
        if (header.dtype() != NpyDtype.UINT8) {
            throw new DatasetFormatException(file, "dtype '" + header.dtype().description()
                    + "' where uint8 ('|u1') is required");
        }
        return header;
    }

    /** A 1-D array of uint8, int32 or int64 non-negative integers as labels. */
    public static int[] readLabels(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader header = readHeader(file, channel);
            if (header.rank() != 1) {
                throw new DatasetFormatException(file, "labels must be a 1-D array, found shape " + header.shapeText());
            }
            if (header.dim(0) > Integer.MAX_VALUE) {
                throw new DatasetFormatException(file, header.dim(0) + " labels; at most " + Integer.MAX_VALUE
                        + " are accepted");
            }
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, header.dataOffset(), header.dataBytes())
                    .order(ByteOrder.LITTLE_ENDIAN);
            int[] labels = new int[(int) header.dim(0)];
            for (int i = 0; i < labels.length; i++) {
                long label = switch (header.dtype()) {
                    case UINT8 -> data.get(i) & 0xFF;
                    case INT32 -> data.getInt(4 * i);
                    case INT64 -> data.getLong(8 * i);
                };
                if (label < 0 || label > Integer.MAX_VALUE) {
                    throw new DatasetFormatException(file, "label " + label + " at index " + i
                            + " is not a class index (0.." + Integer.MAX_VALUE + ")");
                }
                labels[i] = (int) label;
            }
            return labels;
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file, "file not found", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static NpyHeader readHeader(Path file, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        ByteBuffer preamble = read(channel, 0, (int) Math.min(12, fileSize));
        for (int i = 0; i < MAGIC.length; i++) {
            if (preamble.limit() <= i || preamble.get(i) != MAGIC[i]) {
                throw new DatasetFormatException(file, "not a .npy file: it does not start with the magic \\x93NUMPY");
            }
        }
        if (preamble.limit() < 10) {
            throw new DatasetFormatException(file, "truncated: " + fileSize + " bytes, too short for a .npy header");
        }
        int major = preamble.get(6) & 0xFF;
        int minor = preamble.get(7) & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new DatasetFormatException(file, "unsupported .npy format version " + major + "." + minor
                    + "; accepted 1.0, 2.0 and 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        if (preamble.limit() < 8 + lengthBytes) {
            throw new DatasetFormatException(file, "truncated: " + fileSize + " bytes, too short for a .npy header");
        }
        preamble.order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? preamble.getShort(8) & 0xFFFF : preamble.getInt(8) & 0xFFFFFFFFL;
        long dataOffset = 8 + lengthBytes + headerLength;
        if (dataOffset > fileSize) {
            throw new DatasetFormatException(file, "truncated header: it declares " + headerLength
                    + " bytes but the file has " + (fileSize - 8 - lengthBytes) + " after the length field");
        }
        if (headerLength > 1 << 20) {
            throw new DatasetFormatException(file, "header of " + headerLength + " bytes; at most 1 MiB is accepted");
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String text = charset.decode(read(channel, 8 + lengthBytes, (int) headerLength)).toString();
        Map<String, Object> dictionary;
        try {
            dictionary = HeaderDictionary.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DatasetFormatException(file, "malformed header: " + e.getMessage(), e);
        }
        NpyHeader header = interpret(file, dictionary, dataOffset);
        long dataBytes;
        try {
            dataBytes = header.dataBytes();
        } catch (ArithmeticException e) {
            throw new DatasetFormatException(file, "shape " + header.shapeText() + " is too large", e);
        }
        long found = fileSize - dataOffset;
        if (found < dataBytes) {
            throw new DatasetFormatException(file, "truncated data: shape " + header.shapeText() + " of "
                    + header.dtype().description() + " needs " + dataBytes + " bytes after the header, found " + found);
        }
        if (found > dataBytes) {
            throw new DatasetFormatException(file, "size does not match shape " + header.shapeText() + ": "
                    + (found - dataBytes) + " bytes past the " + dataBytes + " bytes of data");
        }
        return header;
    }

    private static NpyHeader interpret(Path file, Map<String, Object> dictionary, long dataOffset) {
        for (String key : KEYS) {
            if (!dictionary.containsKey(key)) {
                throw new DatasetFormatException(file, "header lacks '" + key + "'; expected keys 'descr', "
                        + "'fortran_order' and 'shape'");
            }
        }
        for (String key : dictionary.keySet()) {
            if (!KEYS.contains(key)) {
                throw new DatasetFormatException(file, "header has unexpected key '" + key
                        + "'; expected keys 'descr', 'fortran_order' and 'shape'");
            }
        }
        if (!(dictionary.get("descr") instanceof String descr)) {
            throw new DatasetFormatException(file, "descr " + dictionary.get("descr")
                    + " is not a simple dtype; structured dtypes are not supported; accepted: " + NpyDtype.accepted());
        }
        NpyDtype dtype = NpyDtype.ofDescription(descr).orElseThrow(() -> new DatasetFormatException(file,
                "dtype '" + descr + "' is not supported; accepted: " + NpyDtype.accepted()));
        if (!(dictionary.get("fortran_order") instanceof Boolean fortranOrder)) {
            throw new DatasetFormatException(file, "fortran_order is " + dictionary.get("fortran_order")
                    + "; expected True or False");
        }
        if (fortranOrder) {
            throw new DatasetFormatException(file, "fortran_order is True (column-major data); only C order is"
                    + " accepted (np.save(np.ascontiguousarray(a)) writes it)");
        }
        if (!(dictionary.get("shape") instanceof List<?> dims)) {
            throw new DatasetFormatException(file, "shape " + dictionary.get("shape") + " is not a tuple of sizes");
        }
        List<Long> shape = new ArrayList<>();
        for (Object dim : dims) {
            if (!(dim instanceof Long size) || size < 0) {
                throw new DatasetFormatException(file, "shape " + dims + " holds " + dim
                        + "; every size must be a non-negative integer");
            }
            shape.add(size);
        }
        return new NpyHeader(dtype, shape, dataOffset);
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }
}
