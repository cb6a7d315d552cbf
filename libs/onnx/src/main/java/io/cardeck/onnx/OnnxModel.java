package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.SparseTensorProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An ONNX model that passed cardeck's checks: it parses, has a graph with inputs and outputs,
 * imports an opset and keeps all tensor data inside the file. Immutable; derived models come
 * from {@link #edit()}, {@link #withMetadata} and {@link #withExtraOutputs}. Safe to share
 * between threads.
 */
public final class OnnxModel {

    /** Default upper bound on model size: large enough for the zoo, small enough to refuse junk uploads. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

    // ModelProto's first field is ir_version (field 1, varint), so ONNX files start with this tag byte.
    private static final byte IR_VERSION_TAG = 0x08;

    private final ModelProto proto;
    private final String sourceName;
    private volatile OnnxGraph graph;
    private volatile String sha256;

    private OnnxModel(ModelProto proto, String sourceName) {
        this.proto = proto;
        this.sourceName = sourceName;
    }

    /** Reads and checks a model file of at most {@link #DEFAULT_MAX_BYTES}. */
    public static OnnxModel load(Path file) throws IOException {
        return load(file, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads and checks a model file.
     *
     * @throws OnnxFormatException if the file is not an acceptable ONNX model (message names the file)
     * @throws IOException if the file cannot be read
     */
    public static OnnxModel load(Path file, long maxBytes) throws IOException {
        checkLimit(maxBytes);
        String source = file.toString();
        if (Files.notExists(file)) {
            throw new NoSuchFileException(source, null, "no such file (expected an .onnx model file)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(source + ": not a regular file (expected an .onnx model file)");
        }
        long size = Files.size(file);
        if (size > maxBytes) {
            throw tooLarge(source, size, maxBytes);
        }
        // The bytes are ours alone, so the parsed tensors may alias them instead of copying.
        return parse(Files.readAllBytes(file), source, maxBytes, true);
    }

    /** Parses and checks model bytes of at most {@link #DEFAULT_MAX_BYTES}. */
    public static OnnxModel parse(byte[] bytes, String sourceName) {
        return parse(bytes, sourceName, DEFAULT_MAX_BYTES);
    }

    /**
     * Parses and checks model bytes (an upload, a database row).
     *
     * @param sourceName what error messages call the bytes, e.g. the upload's file name
     * @throws OnnxFormatException if the bytes are not an acceptable ONNX model
     */
    public static OnnxModel parse(byte[] bytes, String sourceName, long maxBytes) {
        checkLimit(maxBytes);
        return parse(bytes, sourceName, maxBytes, false);
    }

    /** Checks a model built in code (see {@link GraphBuilder}) or by other tools. */
    public static OnnxModel of(ModelProto proto, String sourceName) {
        Objects.requireNonNull(sourceName, "sourceName");
        validate(proto, sourceName);
        return new OnnxModel(proto, sourceName);
    }

    private static OnnxModel parse(byte[] bytes, String sourceName, long maxBytes, boolean alias) {
        Objects.requireNonNull(sourceName, "sourceName");
        if (bytes.length == 0) {
            throw new OnnxFormatException(sourceName, OnnxFormatException.Reason.NOT_ONNX,
                    "is empty (0 bytes); expected a serialized ONNX ModelProto (.onnx file)");
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(sourceName, bytes.length, maxBytes);
        }
        ModelProto proto;
        try {
            CodedInputStream input = CodedInputStream.newInstance(bytes);
            input.enableAliasing(alias);
            proto = ModelProto.parseFrom(input);
        } catch (IOException e) {
            // From a byte array the only IOException is InvalidProtocolBufferException.
            if (bytes[0] == IR_VERSION_TAG && endsInsideField(bytes)) {
                throw new OnnxFormatException(sourceName, OnnxFormatException.Reason.TRUNCATED,
                        "the model is truncated: its data ends in the middle of a field after " + bytes.length
                                + " bytes (incomplete download, upload or copy?); provide the complete .onnx file", e);
            }
            throw new OnnxFormatException(sourceName, OnnxFormatException.Reason.NOT_ONNX,
                    "not an ONNX model: protobuf parsing failed (" + e.getMessage()
                            + "); expected a serialized ONNX ModelProto (.onnx file)", e);
        }
        validate(proto, sourceName);
        return new OnnxModel(proto, sourceName);
    }

    /** Whether a top-level field claims more bytes than remain, which is what cutting a file short does. */
    private static boolean endsInsideField(byte[] bytes) {
        CodedInputStream input = CodedInputStream.newInstance(bytes);
        try {
            while (!input.isAtEnd()) {
                int tag = input.readTag();
                if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int length = input.readRawVarint32();
                    if (length < 0) {
                        return false;
                    }
                    if (length > bytes.length - input.getTotalBytesRead()) {
                        return true;
                    }
                    input.skipRawBytes(length);
                } else if (!input.skipField(tag)) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void validate(ModelProto proto, String source) {
        if (!proto.hasGraph()) {
            throw new OnnxFormatException(source, OnnxFormatException.Reason.NOT_ONNX,
                    "not an ONNX model: it has no graph (ModelProto.graph is missing); expected a serialized ONNX ModelProto");
        }
        GraphProto graph = proto.getGraph();
        Optional<TensorProto> external = externalTensor(graph).findFirst();
        if (external.isPresent()) {
            TensorProto tensor = external.get();
            String location = tensor.getExternalDataList().stream()
                    .filter(e -> e.getKey().equals("location")).map(StringStringEntryProto::getValue)
                    .findFirst().orElse("?");
            throw new OnnxFormatException(source, OnnxFormatException.Reason.EXTERNAL_DATA,
                    "tensor '" + tensor.getName() + "' keeps its data in an external file (data_location EXTERNAL, location '"
                            + location + "'); external-data models are not accepted: save the model with its weights inside"
                            + " the file (onnx.save_model(model, path, save_as_external_data=False))");
        }
        if (proto.getOpsetImportCount() == 0) {
            throw new OnnxFormatException(source, OnnxFormatException.Reason.NO_OPSET,
                    "the model declares no opset_import; an ONNX model must import an opset for the default domain"
                            + " (e.g. domain \"\" version 17)");
        }
        Set<String> initializers = new LinkedHashSet<>();
        graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
        boolean hasInput = graph.getInputList().stream().anyMatch(i -> !initializers.contains(i.getName()));
        if (!hasInput) {
            throw new OnnxFormatException(source, OnnxFormatException.Reason.NO_INPUTS,
                    "graph '" + graph.getName() + "' has no inputs besides initializers; a model needs at least one"
                            + " input to feed (e.g. an NCHW image batch)");
        }
        if (graph.getOutputCount() == 0) {
            throw new OnnxFormatException(source, OnnxFormatException.Reason.NO_OUTPUTS,
                    "graph '" + graph.getName() + "' declares no outputs; a model needs at least one output (e.g. logits)");
        }
    }

    /** Tensors anywhere in the graph (initializers, sparse initializers, attributes, subgraphs) stored externally. */
    private static Stream<TensorProto> externalTensor(GraphProto graph) {
        Stream<TensorProto> own = Stream.concat(graph.getInitializerList().stream(),
                graph.getSparseInitializerList().stream()
                        .flatMap(s -> Stream.of(s.getValues(), s.getIndices())));
        Stream<TensorProto> nested = graph.getNodeList().stream()
                .flatMap(node -> node.getAttributeList().stream())
                .flatMap(OnnxModel::attributeTensors);
        return Stream.concat(own, nested)
                .filter(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL);
    }

    private static Stream<TensorProto> attributeTensors(AttributeProto attribute) {
        Stream<TensorProto> tensors = Stream.concat(
                Stream.concat(attribute.hasT() ? Stream.of(attribute.getT()) : Stream.empty(),
                        attribute.getTensorsList().stream()),
                Stream.concat(attribute.hasSparseTensor() ? Stream.of(attribute.getSparseTensor()) : Stream.empty(),
                        attribute.getSparseTensorsList().stream())
                        .flatMap((SparseTensorProto s) -> Stream.of(s.getValues(), s.getIndices())));
        Stream<TensorProto> inGraphs = Stream.concat(
                attribute.hasG() ? Stream.of(attribute.getG()) : Stream.empty(),
                attribute.getGraphsList().stream()).flatMap(OnnxModel::externalTensor);
        return Stream.concat(tensors, inGraphs);
    }

    private static OnnxFormatException tooLarge(String source, long size, long maxBytes) {
        return new OnnxFormatException(source, OnnxFormatException.Reason.TOO_LARGE,
                "the model is " + size + " bytes, more than the limit of " + maxBytes + " bytes");
    }

    private static void checkLimit(long maxBytes) {
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be in 1.." + Integer.MAX_VALUE
                    + " (protobuf messages are at most 2 GiB), got " + maxBytes);
        }
    }

    public ModelProto proto() {
        return proto;
    }

    /** The file or upload the model came from; used in error messages. */
    public String sourceName() {
        return sourceName;
    }

    /** Indexed view of the main graph (built once). */
    public OnnxGraph graph() {
        OnnxGraph view = graph;
        if (view == null) {
            view = new OnnxGraph(proto.getGraph(), sourceName);
            graph = view;
        }
        return view;
    }

    /**
     * cardeck's metadata from metadata_props.
     *
     * @throws OnnxFormatException naming the key if a cardeck.* entry is malformed
     */
    public ModelMetadata metadata() {
        return MetadataCodec.read(proto.getMetadataPropsList(), sourceName);
    }

    /** A copy whose metadata_props hold exactly {@code metadata}. */
    public OnnxModel withMetadata(ModelMetadata metadata) {
        return edit().metadata(metadata).build();
    }

    /** Starts a set of changes that {@link ModelEditor#build()} turns into a new model. */
    public ModelEditor edit() {
        return new ModelEditor(this);
    }

    /**
     * A copy whose graph also outputs the given intermediate values (e.g. layer inputs for
     * calibration). Outputs are declared without a type, so ONNX Runtime takes type and shape from
     * the producing node: this works for values of any element type. Values that already are
     * outputs are kept once.
     *
     * @throws IllegalArgumentException if a name is not produced by any node or graph input
     */
    public OnnxModel withExtraOutputs(Collection<String> valueNames) {
        OnnxGraph view = graph();
        GraphProto.Builder builder = proto.getGraph().toBuilder();
        Set<String> outputs = new LinkedHashSet<>();
        builder.getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String value : valueNames) {
            if (!view.isComputedOrFed(value)) {
                throw new IllegalArgumentException(sourceName + ": value '" + value
                        + "' is not produced by any node or graph input, so it cannot be made an output");
            }
            if (outputs.add(value)) {
                ValueInfoProto declared = proto.getGraph().getValueInfoList().stream()
                        .filter(v -> v.getName().equals(value)).findFirst()
                        .orElseGet(() -> ValueInfoProto.newBuilder().setName(value).build());
                builder.addOutput(declared);
            }
        }
        return derived(proto.toBuilder().setGraph(builder).build());
    }

    OnnxModel derived(ModelProto changed) {
        return new OnnxModel(changed, sourceName);
    }

    /** The serialized model. */
    public byte[] toBytes() {
        return proto.toByteArray();
    }

    /** Serialized size in bytes. */
    public long sizeBytes() {
        return proto.getSerializedSize();
    }

    /** SHA-256 of {@link #toBytes()}, lowercase hex. */
    public String sha256() {
        String hash = sha256;
        if (hash == null) {
            hash = ModelDigest.sha256(toBytes());
            sha256 = hash;
        }
        return hash;
    }

    /**
     * Writes the model atomically: to a temporary file next to {@code file}, then moved over it,
     * so readers never see half a model.
     */
    public void save(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, target.getFileName().toString() + ".", ".tmp");
        try {
            Files.write(temp, toBytes());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OnnxModel that && proto.equals(that.proto);
    }

    @Override
    public int hashCode() {
        return proto.hashCode();
    }

    @Override
    public String toString() {
        return "OnnxModel[" + sourceName + ", " + proto.getGraph().getNodeCount() + " nodes]";
    }
}
