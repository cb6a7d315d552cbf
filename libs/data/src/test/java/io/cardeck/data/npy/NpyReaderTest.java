package io.cardeck.data.npy;

import static io.cardeck.data.DatasetAssertions.assertFormatProblem;
import static io.cardeck.data.DatasetFiles.dict;
import static io.cardeck.data.DatasetFiles.int32;
import static io.cardeck.data.DatasetFiles.int64;
import static io.cardeck.data.DatasetFiles.npy;
import static io.cardeck.data.DatasetFiles.uint8;
import static io.cardeck.data.DatasetFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void readsHeaderOfVersion(int major) {
        Path file = write(dir.resolve("a.npy"), npy(major, dict("|u1", "(2, 3, 4, 1)"), new byte[24]));

        NpyHeader header = NpyReader.readHeader(file);

        assertEquals(NpyDtype.UINT8, header.dtype());
        assertEquals(List.of(2L, 3L, 4L, 1L), header.shape());
        assertEquals(128, header.dataOffset()); // 10 or 12 + 65 + newline, padded to a multiple of 64
        assertEquals(24, header.dataBytes());
    }

    @Test
    void readsTheDeclaredHeaderLengthWhateverItIs() {
        // More padding than numpy writes: 10 + 57 + 100 + newline rounds up to a 192-byte header.
        String padded = dict("<u1", "(3,)") + " ".repeat(100);
        Path file = write(dir.resolve("p.npy"), npy(1, padded, uint8(7, 8, 9)));

        NpyHeader header = NpyReader.readHeader(file);

        assertEquals(192, header.dataOffset());
        assertArrayEquals(new int[] {7, 8, 9}, NpyReader.readLabels(file));
    }

    @Test
    void parsesTheVariantsNumpyAndOtherToolsWrite() {
        // Other key order, double quotes, no trailing comma, a 1-tuple without spaces, 'u1'.
        Path file = write(dir.resolve("v.npy"),
                npy(1, "{\"shape\":(2,),\"fortran_order\":False,\"descr\":\"u1\"}", uint8(1, 2)));

        assertArrayEquals(new int[] {1, 2}, NpyReader.readLabels(file));
    }

    @Test
    void readsLabelsOfEveryAcceptedType() {
        Path bytes = write(dir.resolve("u1.npy"), npy(1, dict("|u1", "(3,)"), uint8(9, 0, 255)));
        Path ints = write(dir.resolve("i4.npy"), npy(1, dict("<i4", "(3,)"), int32(9, 0, 70000)));
        Path longs = write(dir.resolve("i8.npy"), npy(2, dict("<i8", "(3,)"), int64(9, 0, 3)));

        assertArrayEquals(new int[] {9, 0, 255}, NpyReader.readLabels(bytes));
        assertArrayEquals(new int[] {9, 0, 70000}, NpyReader.readLabels(ints));
        assertArrayEquals(new int[] {9, 0, 3}, NpyReader.readLabels(longs));
    }

    @Test
    void rejectsBadMagic() {
        byte[] bytes = npy(1, dict("|u1", "(1,)"), uint8(0));
        bytes[1] = 'X';
        Path file = write(dir.resolve("m.npy"), bytes);

        assertFormatProblem(file, "not a .npy file", () -> NpyReader.readHeader(file));
    }

    @Test
    void rejectsUnknownVersion() {
        byte[] bytes = npy(1, dict("|u1", "(1,)"), uint8(0));
        bytes[6] = 4;
        Path file = write(dir.resolve("v.npy"), bytes);

        assertFormatProblem(file, "unsupported .npy format version 4.0", () -> NpyReader.readHeader(file));
    }

    @Test
    void rejectsOtherDtypes() {
        Path floats = write(dir.resolve("f.npy"), npy(1, dict("<f4", "(1,)"), new byte[4]));
        Path bigEndian = write(dir.resolve("b.npy"), npy(1, dict(">i8", "(1,)"), new byte[8]));
        Path labelsAsImages = write(dir.resolve("l.npy"), npy(1, dict("<i8", "(1,)"), new byte[8]));

        assertFormatProblem(floats, "dtype '<f4' is not supported; accepted: uint8", () -> NpyReader.readHeader(floats));
        assertFormatProblem(bigEndian, "dtype '>i8' is not supported", () -> NpyReader.readLabels(bigEndian));
        assertFormatProblem(labelsAsImages, "'<i8' where uint8 ('|u1') is required",
                () -> NpyReader.readUint8Header(labelsAsImages));
    }

    @Test
    void rejectsStructuredDtypes() {
        Path file = write(dir.resolve("s.npy"), npy(1,
                "{'descr': [('x', '<u1')], 'fortran_order': False, 'shape': (1,), }", new byte[1]));

        assertFormatProblem(file, "structured dtypes are not supported", () -> NpyReader.readHeader(file));
    }

    @Test
    void rejectsFortranOrder() {
        Path file = write(dir.resolve("f.npy"),
                npy(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }", new byte[4]));

        assertFormatProblem(file, "fortran_order is True", () -> NpyReader.readHeader(file));
    }

    @Test
    void rejectsShapeSizeMismatch() {
        Path longer = write(dir.resolve("long.npy"), npy(1, dict("|u1", "(2, 2)"), new byte[5]));
        Path shorter = write(dir.resolve("short.npy"), npy(2, dict("<i8", "(4,)"), new byte[31]));

        assertFormatProblem(longer, "size does not match shape (2, 2): 1 bytes past the 4 bytes",
                () -> NpyReader.readHeader(longer));
        assertFormatProblem(shorter, "truncated data: shape (4,) of <i8 needs 32 bytes after the header, found 31",
                () -> NpyReader.readLabels(shorter));
    }

    @Test
    void rejectsTruncatedHeader() {
        byte[] full = npy(1, dict("|u1", "(1,)"), uint8(0));
        Path cut = write(dir.resolve("cut.npy"), Arrays.copyOf(full, 40));
        Path stub = write(dir.resolve("stub.npy"), Arrays.copyOf(full, 9));

        assertFormatProblem(cut, "truncated header: it declares 118 bytes but the file has 30", () -> NpyReader.readHeader(cut));
        assertFormatProblem(stub, "truncated", () -> NpyReader.readHeader(stub));
    }

    @Test
    void rejectsMalformedHeaders() {
        Path garbage = write(dir.resolve("g.npy"), npy(1, "{'descr': '|u1', 'shape': (1,) oops}", new byte[1]));
        Path missingKey = write(dir.resolve("k.npy"), npy(1, "{'descr': '|u1', 'shape': (1,)}", new byte[1]));
        Path extraKey = write(dir.resolve("e.npy"),
                npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1,), 'x': 1}", new byte[1]));
        Path negative = write(dir.resolve("n.npy"), npy(1, dict("|u1", "(-1,)"), new byte[0]));

        assertFormatProblem(garbage, "malformed header", () -> NpyReader.readHeader(garbage));
        assertFormatProblem(missingKey, "header lacks 'fortran_order'", () -> NpyReader.readHeader(missingKey));
        assertFormatProblem(extraKey, "unexpected key 'x'", () -> NpyReader.readHeader(extraKey));
        assertFormatProblem(negative, "every size must be a non-negative integer", () -> NpyReader.readHeader(negative));
    }

    @Test
    void rejectsLabelsThatAreNotClassIndices() {
        Path matrix = write(dir.resolve("2d.npy"), npy(1, dict("|u1", "(1, 2)"), new byte[2]));
        Path negative = write(dir.resolve("neg.npy"), npy(1, dict("<i8", "(2,)"), int64(1, -1)));
        Path huge = write(dir.resolve("huge.npy"), npy(1, dict("<i8", "(1,)"), int64(1L << 40)));

        assertFormatProblem(matrix, "labels must be a 1-D array, found shape (1, 2)", () -> NpyReader.readLabels(matrix));
        assertFormatProblem(negative, "label -1 at index 1", () -> NpyReader.readLabels(negative));
        assertFormatProblem(huge, "label 1099511627776 at index 0", () -> NpyReader.readLabels(huge));
    }

    @Test
    void readsVersion3Utf8Headers() {
        byte[] bytes = npy(2, dict("|u1", "(1,)"), uint8(5));
        bytes[6] = 3;
        Path file = write(dir.resolve("v3.npy"), bytes);

        assertArrayEquals(new int[] {5}, NpyReader.readLabels(file));
    }

    @Test
    void fixtureHeaderIsWhatTheFormatDefines() {
        // Guards the test fixture itself: numpy 2.4's np.save(f, np.array([1, 2, 3], np.uint8)) writes
        // exactly these 131 bytes (magic, version 1.0, little-endian length 118, dict, padding, newline, data).
        byte[] bytes = npy(1, dict("|u1", "(3,)"), uint8(1, 2, 3));
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(131, bytes.length);
        assertEquals((byte) 0x93, buffer.get(0));
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        assertEquals(118, buffer.getShort(8));
        assertEquals("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }" + " ".repeat(60) + "\n",
                new String(bytes, 10, 118, StandardCharsets.US_ASCII));
        assertArrayEquals(uint8(1, 2, 3), Arrays.copyOfRange(bytes, 128, 131));
    }
}
