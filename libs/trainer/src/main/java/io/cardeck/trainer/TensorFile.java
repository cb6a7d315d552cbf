package io.cardeck.trainer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float arrays in one binary stream (optimiser buffers, masks of a checkpoint):
 * magic {@code CDTENSR1}, a count, then per entry a UTF-8 name, a length and the values as
 * little-endian float32.
 */
final class TensorFile {

    private static final long MAGIC = 0x434454454E535231L; // "CDTENSR1"
    private static final int MAX_ENTRIES = 1 << 20;

    private TensorFile() {
    }

    static void write(OutputStream stream, Map<String, float[]> tensors) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeLong(MAGIC);
        out.writeInt(tensors.size());
        for (Map.Entry<String, float[]> entry : tensors.entrySet()) {
            out.writeUTF(entry.getKey());
            float[] values = entry.getValue();
            out.writeInt(values.length);
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            out.write(bytes.array());
        }
        out.flush();
    }

    /**
     * @param file names the stream in error messages
     * @throws IOException naming the file if the stream is not a tensor file or is cut short
     */
    static Map<String, float[]> read(InputStream stream, Path file) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + ": not a cardeck tensor file (expected the magic CDTENSR1)");
            }
            int count = in.readInt();
            if (count < 0 || count > MAX_ENTRIES) {
                throw new IOException(file + ": claims " + count + " tensors; expected 0.." + MAX_ENTRIES);
            }
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > Integer.MAX_VALUE / Float.BYTES) {
                    throw new IOException(file + ": tensor '" + name + "' claims " + length + " values");
                }
                byte[] bytes = new byte[length * Float.BYTES];
                in.readFully(bytes);
                float[] values = new float[length];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                if (tensors.put(name, values) != null) {
                    throw new IOException(file + ": tensor '" + name + "' appears twice");
                }
            }
            if (in.read() != -1) {
                throw new IOException(file + ": has data after its " + count + " tensors");
            }
            return tensors;
        } catch (EOFException e) {
            throw new IOException(file + ": ends early (truncated tensor file)", e);
        }
    }
}
