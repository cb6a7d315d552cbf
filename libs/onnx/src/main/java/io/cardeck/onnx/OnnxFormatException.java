package io.cardeck.onnx;

/**
 * An ONNX model that cannot be accepted: the message names the source (file or upload) and says
 * what is wrong and what is accepted. {@link #reason()} lets callers map the problem to a status
 * (too large, not ONNX, unsupported) without parsing the message.
 */
public final class OnnxFormatException extends RuntimeException {

    /** What class of problem the model has. */
    public enum Reason {
        /** Not a protobuf ModelProto at all, or one without a graph. */
        NOT_ONNX,
        /** A model whose bytes end in the middle of a field. */
        TRUNCATED,
        /** Larger than the configured limit. */
        TOO_LARGE,
        /** Tensors stored outside the file (data_location EXTERNAL). */
        EXTERNAL_DATA,
        /** No opset_import entry. */
        NO_OPSET,
        /** The graph has no input that is not an initializer. */
        NO_INPUTS,
        /** The graph declares no output. */
        NO_OUTPUTS,
        /** Structural problem in the graph (duplicate producers, cycles, bad attributes). */
        INVALID_GRAPH,
        /** A tensor whose data does not match its type or dims. */
        INVALID_TENSOR,
        /** A cardeck.* metadata_props entry that cannot be read. */
        INVALID_METADATA,
        /** The model's input is not one float tensor with fixed sizes after the batch dim. */
        UNSUPPORTED_INPUT,
        /** ONNX Runtime refused to create a session for the model. */
        REJECTED_BY_RUNTIME,
        /** A node whose operator (or domain) is not one cardeck's services run, control flow included. */
        UNSUPPORTED_OPERATOR,
        /** The model defines its own functions (ModelProto.functions). */
        LOCAL_FUNCTIONS,
        /** Initializers and constants together hold more bytes than the limit. */
        WEIGHTS_TOO_LARGE,
        /** A node would make a tensor larger than the limit from its constant inputs. */
        ALLOCATION_TOO_LARGE,
        /** A node whose output size depends on values computed at run time, so it cannot be bounded before. */
        UNBOUNDED_ALLOCATION,
        /** Loading the model into ONNX Runtime or its trial run took longer than the time budget. */
        RUNTIME_TIMEOUT
    }

    private final String source;
    private final Reason reason;

    public OnnxFormatException(String source, Reason reason, String problem) {
        this(source, reason, problem, null);
    }

    public OnnxFormatException(String source, Reason reason, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.reason = reason;
    }

    /** The file or upload name the model came from. */
    public String source() {
        return source;
    }

    public Reason reason() {
        return reason;
    }
}
