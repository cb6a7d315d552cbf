package io.cardeck.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {

    @TempDir
    Path dir;

    private final OnnxModel cnn = TestModels.TinyCnn.create().model();

    @Test
    void savedModelLoadsEqualWithTheFileHash() throws Exception {
        Path file = dir.resolve("cnn.onnx");
        cnn.save(file);
        OnnxModel loaded = OnnxModel.load(file);

        assertEquals(cnn, loaded);
        assertEquals(cnn.proto(), loaded.proto());
        String fileHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertEquals(fileHash, loaded.sha256());
        assertEquals(fileHash, cnn.sha256());
        assertArrayEquals(Files.readAllBytes(file), cnn.toBytes());
        assertEquals(Files.size(file), cnn.sizeBytes());
        assertEquals(file.toString(), loaded.sourceName());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void saveReplacesAnExistingFile() throws Exception {
        Path file = dir.resolve("model.onnx");
        Files.writeString(file, "old content");
        OnnxModel gemm = TestModels.PureGemm.create().model();
        gemm.save(file);
        assertEquals(gemm, OnnxModel.load(file));
    }

    @Test
    void parsedBytesEqualTheModel() {
        OnnxModel parsed = OnnxModel.parse(cnn.toBytes(), "upload.onnx");
        assertEquals(cnn, parsed);
        assertEquals("upload.onnx", parsed.sourceName());
        assertNotEquals(cnn, TestModels.PureGemm.create().model());
    }

    @Test
    void randomBytesAreNotOnnx() {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        junk[0] = 0x0f; // not the ir_version tag, so this cannot pass for a cut-off model
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.parse(junk, "junk.bin"));
        assertEquals(OnnxFormatException.Reason.NOT_ONNX, e.reason());
        assertTrue(e.getMessage().startsWith("junk.bin: not an ONNX model"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a serialized ONNX ModelProto"), e.getMessage());
    }

    @Test
    void textFileIsNotOnnx() throws IOException {
        Path file = dir.resolve("readme.onnx");
        Files.writeString(file, "this is not a model\n");
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.load(file));
        assertEquals(OnnxFormatException.Reason.NOT_ONNX, e.reason());
        assertTrue(e.getMessage().startsWith(file + ": not an ONNX model"), e.getMessage());
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path file = dir.resolve("empty.onnx");
        Files.createFile(file);
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.load(file));
        assertEquals(OnnxFormatException.Reason.NOT_ONNX, e.reason());
        assertEquals(file + ": is empty (0 bytes); expected a serialized ONNX ModelProto (.onnx file)", e.getMessage());
    }

    @Test
    void truncatedModelIsReportedAsTruncated() throws IOException {
        byte[] bytes = cnn.toBytes();
        Path file = dir.resolve("cut.onnx");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.load(file));
        assertEquals(OnnxFormatException.Reason.TRUNCATED, e.reason());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("after " + bytes.length / 2 + " bytes"), e.getMessage());
    }

    @Test
    void externalDataInitializerIsRejectedWithAdvice() {
        ModelProto proto = cnn.proto();
        GraphProto.Builder graph = proto.getGraph().toBuilder();
        TensorProto external = graph.getInitializer(0).toBuilder()
                .clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("0"))
                .build();
        graph.setInitializer(0, external);
        byte[] bytes = proto.toBuilder().setGraph(graph).build().toByteArray();

        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.parse(bytes, "ext.onnx"));
        assertEquals(OnnxFormatException.Reason.EXTERNAL_DATA, e.reason());
        assertTrue(e.getMessage().contains("tensor 'conv.weight'"), e.getMessage());
        assertTrue(e.getMessage().contains("'weights.bin'"), e.getMessage());
        assertTrue(e.getMessage().contains("save the model with its weights inside the file"), e.getMessage());
    }

    @Test
    void modelLargerThanTheLimitIsRejected() throws IOException {
        byte[] bytes = cnn.toBytes();
        OnnxFormatException parsed = assertThrows(OnnxFormatException.class,
                () -> OnnxModel.parse(bytes, "big.onnx", 100));
        assertEquals(OnnxFormatException.Reason.TOO_LARGE, parsed.reason());
        assertEquals("big.onnx: the model is " + bytes.length + " bytes, more than the limit of 100 bytes",
                parsed.getMessage());

        Path file = dir.resolve("big.onnx");
        Files.write(file, bytes);
        OnnxFormatException loaded = assertThrows(OnnxFormatException.class, () -> OnnxModel.load(file, 100));
        assertEquals(OnnxFormatException.Reason.TOO_LARGE, loaded.reason());
        assertEquals(cnn, OnnxModel.load(file, bytes.length), "a model exactly at the limit is accepted");
    }

    @Test
    void limitOutsideTheProtobufRangeIsRefused() {
        byte[] bytes = cnn.toBytes();
        assertThrows(IllegalArgumentException.class, () -> OnnxModel.parse(bytes, "m", 0));
        assertThrows(IllegalArgumentException.class, () -> OnnxModel.parse(bytes, "m", 1L << 31));
    }

    @Test
    void modelWithoutGraphIsNotOnnx() {
        byte[] bytes = cnn.proto().toBuilder().clearGraph().build().toByteArray();
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.parse(bytes, "m.onnx"));
        assertEquals(OnnxFormatException.Reason.NOT_ONNX, e.reason());
        assertTrue(e.getMessage().contains("no graph"), e.getMessage());
    }

    @Test
    void modelWithoutOpsetImportIsRejected() {
        byte[] bytes = cnn.proto().toBuilder().clearOpsetImport().build().toByteArray();
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.parse(bytes, "m.onnx"));
        assertEquals(OnnxFormatException.Reason.NO_OPSET, e.reason());
        assertTrue(e.getMessage().contains("no opset_import"), e.getMessage());
    }

    @Test
    void graphWithoutFedInputIsRejected() {
        ModelProto proto = cnn.proto();
        byte[] bytes = proto.toBuilder().setGraph(proto.getGraph().toBuilder().clearInput()).build().toByteArray();
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.parse(bytes, "m.onnx"));
        assertEquals(OnnxFormatException.Reason.NO_INPUTS, e.reason());
        assertTrue(e.getMessage().contains("graph 'tiny-cnn' has no inputs"), e.getMessage());
    }

    @Test
    void graphWithoutOutputIsRejected() {
        ModelProto proto = cnn.proto();
        byte[] bytes = proto.toBuilder().setGraph(proto.getGraph().toBuilder().clearOutput()).build().toByteArray();
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxModel.parse(bytes, "m.onnx"));
        assertEquals(OnnxFormatException.Reason.NO_OUTPUTS, e.reason());
        assertTrue(e.getMessage().contains("declares no outputs"), e.getMessage());
    }

    @Test
    void missingFileNamesTheFile() {
        Path missing = dir.resolve("missing.onnx");
        IOException e = assertThrows(NoSuchFileException.class, () -> OnnxModel.load(missing));
        assertEquals(missing + ": no such file (expected an .onnx model file)", e.getMessage());
        IOException directory = assertThrows(IOException.class, () -> OnnxModel.load(dir));
        assertEquals(dir + ": not a regular file (expected an .onnx model file)", directory.getMessage());
    }
}
