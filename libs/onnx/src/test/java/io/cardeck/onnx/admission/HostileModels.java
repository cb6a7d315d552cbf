package io.cardeck.onnx.admission;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Classifiers of 1x28x28 images into 10 classes (Flatten, Gemm) with one hostile part each, as an
 * attacker would upload them: the part's output is added to the logits so that it is not dead code.
 */
public final class HostileModels {

    private static final int PIXELS = 28 * 28;
    private static final int CLASSES = 10;

    private HostileModels() {
    }

    /** A Loop of {@code trips} iterations, each adding 1 to a float it carries. */
    public static OnnxModel loop(long trips) {
        GraphProto body = GraphProto.newBuilder().setName("count")
                .addInput(value("i", TensorProto.DataType.INT64))
                .addInput(value("cond.in", TensorProto.DataType.BOOL))
                .addInput(value("sum.in", TensorProto.DataType.FLOAT))
                .addInitializer(TensorProto.newBuilder().setName("one").setDataType(TensorProto.DataType.FLOAT_VALUE)
                        .addFloatData(1f))
                .addNode(NodeProto.newBuilder().setName("keep-going").setOpType("Identity")
                        .addInput("cond.in").addOutput("cond.out"))
                .addNode(NodeProto.newBuilder().setName("increment").setOpType("Add")
                        .addInput("sum.in").addInput("one").addOutput("sum.out"))
                .addOutput(value("cond.out", TensorProto.DataType.BOOL))
                .addOutput(value("sum.out", TensorProto.DataType.FLOAT))
                .build();
        AttributeProto bodyAttribute = AttributeProto.newBuilder().setName("body")
                .setType(AttributeProto.AttributeType.GRAPH).setG(body).build();
        OnnxModel model = classifier("loop", builder -> builder
                .int64Initializer("trips", trips)
                .initializer("zero", new long[] {1}, new float[] {0f})
                .node("spin", "Loop", List.of("trips", "", "zero"), "extra", new NodeAttribute(bodyAttribute)));
        // Loop's trip count is a scalar; the builder writes 1-D int64 tensors.
        ModelProto.Builder proto = model.proto().toBuilder();
        proto.getGraphBuilder().getInitializerBuilderList().stream()
                .filter(t -> t.getName().equals("trips")).forEach(TensorProto.Builder::clearDims);
        return OnnxModel.of(proto.build(), "loop");
    }

    /** ConstantOfShape of a constant {@code shape}: float zeros of that shape. */
    public static OnnxModel constantOfShape(long... shape) {
        return classifier("constant-of-shape", builder -> builder
                .int64Initializer("shape", shape)
                .node("fill", "ConstantOfShape", List.of("shape"), "extra"));
    }

    /**
     * ConstantOfShape whose shape the graph computes from the pixels' values (cast to int64), so its size is
     * known only when it runs.
     */
    public static OnnxModel constantOfShapeOfThePixels() {
        return classifier("pixel-shape", builder -> builder
                .node("cast", "Cast", List.of("flat"), "pixels", NodeAttribute.ofInt("to", TensorProto.DataType.INT64_VALUE))
                .int64Initializer("everything", -1)
                .node("line", "Reshape", List.of("pixels", "everything"), "shape")
                .node("fill", "ConstantOfShape", List.of("shape"), "extra"));
    }

    /** ConstantOfShape of the logits' own shape, as exporters write it: known before it runs from the input's. */
    public static OnnxModel constantOfShapeOfTheLogits() {
        return classifier("logits-shape", builder -> builder
                .node("measure", "Shape", List.of("logits.raw"), "shape")
                .node("fill", "ConstantOfShape", List.of("shape"), "extra"));
    }

    /**
     * Only admitted operators, each tensor computed from the image: its 784 pixels as a column times as a row
     * (784 x 784 per image), then that square's 614,656 values as a column times as a row: 3.8 x 10^11 floats
     * (1.5 TB) per image. Nothing in it is a constant that says so.
     */
    public static OnnxModel outerProducts() {
        return classifier("outer-products", builder -> builder
                .int64Initializer("column", 0, -1, 1)
                .int64Initializer("row", 0, 1, -1)
                .node("pixels.column", "Reshape", List.of("flat", "column"), "c1")
                .node("pixels.row", "Reshape", List.of("flat", "row"), "r1")
                .node("square", "MatMul", List.of("c1", "r1"), "s1")
                .node("square.column", "Reshape", List.of("s1", "column"), "c2")
                .node("square.row", "Reshape", List.of("s1", "row"), "r2")
                .node("hypercube", "MatMul", List.of("c2", "r2"), "extra"));
    }

    /**
     * {@code copies} tiles of the image, each 50 images wide (39,200 floats per image, 40 MB for a batch of 256:
     * under the limit per tensor), all made before the first is summed, so a run holds them all at once.
     */
    public static OnnxModel tilesHeldAtOnce(int copies) {
        return classifier("tiles-held", builder -> {
            builder.int64Initializer("repeats", 1, 1, 1, 50);
            for (int i = 0; i < copies; i++) {
                builder.node("tile" + i, "Tile", List.of("images", "repeats"), "t" + i);
            }
            String sum = "t0";
            for (int i = 1; i < copies; i++) {
                builder.node("sum" + i, "Add", List.of(sum, "t" + i), "s" + i);
                sum = "s" + i;
            }
            return builder.node("last", "Identity", List.of(sum), "extra");
        });
    }

    /** Expand of a one-element constant to a constant {@code shape}. */
    public static OnnxModel expand(long... shape) {
        return classifier("expand", builder -> builder
                .initializer("seed", new long[] {1}, new float[] {1f})
                .int64Initializer("shape", shape)
                .node("broadcast", "Expand", List.of("seed", "shape"), "extra"));
    }

    /** Tile of the input images (Nx1x28x28) by constant {@code repeats}. */
    public static OnnxModel tile(long... repeats) {
        return classifier("tile", builder -> builder
                .int64Initializer("repeats", repeats)
                .node("copies", "Tile", List.of("images", "repeats"), "extra"));
    }

    /** A Tile without its inputs, which a graph may declare and only the runtime would refuse. */
    public static OnnxModel tileWithoutInputs() {
        return classifier("tile-without-inputs", builder -> builder.node("copies", "Tile", List.of(), "extra"));
    }

    /** A Conv over the images with {@code pad} zeros on every side. */
    public static OnnxModel paddedConv(long pad) {
        return classifier("padded-conv", builder -> builder
                .initializer("kernel", new long[] {1, 1, 1, 1}, new float[] {1f})
                .node("wide", "Conv", List.of("images", "kernel"), "extra",
                        NodeAttribute.ofInts("pads", pad, pad, pad, pad)));
    }

    /** A node of Microsoft's contrib domain. */
    public static OnnxModel otherDomain() {
        OnnxModel model = classifier("other-domain", builder -> builder
                .node("fused", "FusedGemm", List.of("flat", "weights"), "extra"));
        ModelProto.Builder proto = model.proto().toBuilder();
        proto.getGraphBuilder().getNodeBuilderList().stream()
                .filter(n -> n.getName().equals("fused")).forEach(n -> n.setDomain("com.microsoft"));
        return OnnxModel.of(proto.build(), "other-domain");
    }

    /** A model that defines a function of its own and calls it. */
    public static OnnxModel localFunction() {
        OnnxModel model = classifier("local-function", builder -> builder
                .node("call", "Twice", List.of("logits.raw"), "extra"));
        ModelProto.Builder proto = model.proto().toBuilder();
        proto.getGraphBuilder().getNodeBuilderList().stream()
                .filter(n -> n.getName().equals("call")).forEach(n -> n.setDomain("custom"));
        proto.addFunctions(FunctionProto.newBuilder().setName("Twice").setDomain("custom")
                .addInput("x").addOutput("y")
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("x").addOutput("y")));
        return OnnxModel.of(proto.build(), "local-function");
    }

    /** An initializer that declares {@code elements} floats and stores none: ONNX Runtime allocates by the dims. */
    public static OnnxModel declaredWeights(long elements) {
        OnnxModel model = classifier("declared-weights", builder -> builder
                .initializer("bias.extra", new long[] {1}, new float[] {0f})
                .node("pass", "Identity", List.of("bias.extra"), "extra"));
        ModelProto.Builder proto = model.proto().toBuilder();
        proto.getGraphBuilder().getInitializerBuilderList().stream()
                .filter(t -> t.getName().equals("bias.extra"))
                .forEach(t -> t.clearFloatData().clearDims().addDims(elements));
        return OnnxModel.of(proto.build(), "declared-weights");
    }

    /** The tiles of {@link #tilesHeldAtOnce}, each added to the sum as soon as it is made. */
    public static OnnxModel tilesSummedAsMade(int copies) {
        return classifier("tiles-summed", builder -> {
            builder.int64Initializer("repeats", 1, 1, 1, 50);
            builder.node("tile0", "Tile", List.of("images", "repeats"), "t0");
            String sum = "t0";
            for (int i = 1; i < copies; i++) {
                builder.node("tile" + i, "Tile", List.of("images", "repeats"), "t" + i);
                builder.node("sum" + i, "Add", List.of(sum, "t" + i), "s" + i);
                sum = "s" + i;
            }
            return builder.node("last", "Identity", List.of(sum), "extra");
        });
    }

    /**
     * images [N,1,28,28] -> Flatten -> Gemm -> logits.raw; {@code hostile} adds nodes that make
     * "extra" (it may read "images", "flat", "weights" and "logits.raw"); the size of extra's first axis is
     * added to the logits, so that extra, of whatever shape, is computed and the graph stays valid.
     */
    private static OnnxModel classifier(String name, UnaryOperator<GraphBuilder> hostile) {
        GraphBuilder builder = GraphBuilder.named(name)
                .input("images", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("weights", new long[] {CLASSES, PIXELS}, new float[CLASSES * PIXELS])
                .node("flatten", "Flatten", List.of("images"), "flat", NodeAttribute.ofInt("axis", 1))
                .node("fc", "Gemm", List.of("flat", "weights"), "logits.raw", NodeAttribute.ofInt("transB", 1));
        return hostile.apply(builder)
                .node("extra.shape", "Shape", List.of("extra"), "extra.dims")
                .int64Initializer("first", 0)
                .node("extra.first", "Gather", List.of("extra.dims", "first"), "extra.size")
                .node("extra.float", "Cast", List.of("extra.size"), "extra.value",
                        NodeAttribute.ofInt("to", TensorProto.DataType.FLOAT_VALUE))
                .node("add", "Add", List.of("logits.raw", "extra.value"), "logits")
                .output("logits", GraphBuilder.BATCH, CLASSES)
                .build();
    }

    private static ValueInfoProto value(String name, TensorProto.DataType type) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()))).build();
    }
}
