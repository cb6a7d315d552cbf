package io.cardeck.data.npy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Writes a uint8 .npy file (format 1.0, C order) row by row, where a row is one index of the first
 * axis. Rows may be written in any order and from several threads; the file appears under its
 * name only on {@link #commit()}, so a crash or an abandoned writer never leaves a partial array
 * where readers look.
 */
public final class Uint8NpyWriter implements AutoCloseable {

    /** numpy aligns the data to 64 bytes so that it can be memory-mapped with any element type. */
    static final int ALIGNMENT = 64;

    private final Path target;
    private final Path partial;
    private final FileChannel channel;
    private final long rows;
    private final int rowBytes;
    private final long dataOffset;
    /** Rows written so far, guarded by itself: commit refuses an array with holes. */
    private final BitSet written = new BitSet();
    private boolean committed;
    private boolean closed;

    private Uint8NpyWriter(Path target, Path partial, FileChannel channel, long rows, int rowBytes, long dataOffset) {
        this.target = target;
        this.partial = partial;
        this.channel = channel;
        this.rows = rows;
        this.rowBytes = rowBytes;
        this.dataOffset = dataOffset;
    }

    /** Starts {@code target + ".partial"} holding an array of {@code shape} (every size at least 1). */
    public static Uint8NpyWriter create(Path target, long... shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("shape must have at least one axis");
        }
        long rowBytes = 1;
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": every size must be >= 1");
            }
            if (axis > 0) {
                rowBytes = Math.multiplyExact(rowBytes, shape[axis]);
            }
        }
        if (rowBytes > Integer.MAX_VALUE || shape[0] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": at most " + Integer.MAX_VALUE
                    + " rows of at most " + Integer.MAX_VALUE + " bytes are supported");
        }
        byte[] header = header(shape);
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                writeFully(channel, ByteBuffer.wrap(header), 0);
            } catch (IOException e) {
                channel.close();
                Files.deleteIfExists(partial);
                throw e;
            }
            return new Uint8NpyWriter(target, partial, channel, shape[0], (int) rowBytes, header.length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + partial, e);
        }
    }

    /** The complete header: magic, version 1.0, length, dict padded with spaces to a 64-byte boundary, newline. */
    static byte[] header(long... shape) {
        String dictionary = "{'descr': '" + NpyDtype.UINT8.description() + "', 'fortran_order': False, 'shape': "
                + NpyHeader.shapeText(Arrays.stream(shape).boxed().toList()) + ", }";
        int preamble = NpyReader.MAGIC.length + 2 + 2;
        int unpadded = preamble + dictionary.length() + 1;
        int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        String text = dictionary + " ".repeat(total - unpadded) + "\n";
        ByteBuffer header = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        header.put(NpyReader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        header.put(text.getBytes(StandardCharsets.US_ASCII));
        return header.array();
    }

    public Path target() {
        return target;
    }

    /** Bytes in one row: the product of the sizes after the first. */
    public int rowBytes() {
        return rowBytes;
    }

    /**
     * Writes rows {@code firstRow .. firstRow+rowCount-1} from {@code rows[offset ..]}. Safe to call
     * concurrently for any rows (positional writes).
     */
    public void writeRows(long firstRow, byte[] rows, int offset, int rowCount) {
        if (firstRow < 0 || rowCount < 0 || firstRow + rowCount > this.rows) {
            throw new IndexOutOfBoundsException("rows " + firstRow + " + " + rowCount + " outside 0.." + this.rows);
        }
        long bytes = (long) rowCount * rowBytes;
        if (offset < 0 || offset + bytes > rows.length) {
            throw new IndexOutOfBoundsException(rowCount + " rows of " + rowBytes + " bytes from offset " + offset
                    + " exceed the " + rows.length + "-byte array");
        }
        synchronized (written) {
            if (committed || closed) {
                throw new IllegalStateException(partial + " is already " + (committed ? "committed" : "closed"));
            }
        }
        try {
            writeFully(channel, ByteBuffer.wrap(rows, offset, (int) bytes), dataOffset + firstRow * rowBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial, e);
        }
        synchronized (written) {
            written.set((int) firstRow, (int) firstRow + rowCount);
        }
    }

    /** Forces the data to disk and renames the file to its target atomically; every row must be written. */
    public void commit() {
        synchronized (written) {
            if (committed || closed) {
                throw new IllegalStateException(partial + " is already " + (committed ? "committed" : "closed"));
            }
            int missing = (int) rows - written.cardinality();
            if (missing > 0) {
                throw new IllegalStateException(partial + ": " + missing + " of " + rows
                        + " rows not written, first missing row " + written.nextClearBit(0));
            }
            try {
                channel.force(true);
                channel.close();
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot commit " + partial + " to " + target, e);
            }
            committed = true;
        }
    }

    /** Releases the file; without a commit the partial file is deleted. */
    @Override
    public void close() {
        synchronized (written) {
            if (closed) {
                return;
            }
            closed = true;
            if (committed) {
                return;
            }
            try {
                channel.close();
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + partial, e);
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer source, long position) throws IOException {
        while (source.hasRemaining()) {
            position += channel.write(source, position);
        }
    }

    @Override
    public String toString() {
        return "Uint8NpyWriter[" + target + ", " + rows + " rows of " + rowBytes + " bytes]";
    }
}
