package io.cardeck.ensemble.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.data.ImageShape;
import io.cardeck.ensemble.service.DeckException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The one input tensor of an Open Inference Protocol v2 request to a deck, validated against the
 * deck: FP32, shape [N, C, H, W] with the deck's C, H, W, data flat (row-major) or nested as the shape.
 *
 * @param id     the request's id, echoed in the response (null when absent)
 * @param images N images, NCHW
 */
public record InferenceInput(String id, float[] images, int count) {

    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";
    public static final String DATATYPE = "FP32";

    /**
     * @throws DeckException 400 naming what is wrong and what is accepted; 413 for more than {@code maxImages}
     */
    public static InferenceInput parse(JsonNode body, ImageShape shape, int maxImages) {
        String expected = "[N, " + shape.channels() + ", " + shape.height() + ", " + shape.width() + "]";
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object {\"inputs\": [{\"name\": \"" + INPUT + "\", \"shape\": " + expected
                    + ", \"datatype\": \"" + DATATYPE + "\", \"data\": [...]}]}");
        }
        JsonNode id = body.get("id");
        if (id != null && !id.isTextual()) {
            throw invalid("'id' must be a string, got " + id.getNodeType());
        }
        checkOutputs(body.get("outputs"));
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw invalid("'inputs' must be an array of exactly one tensor, named '" + INPUT + "'");
        }
        JsonNode input = inputs.get(0);
        if (!input.isObject()) {
            throw invalid("inputs[0] must be an object {name, shape, datatype, data}");
        }
        String name = input.path("name").asText(null);
        if (!INPUT.equals(name)) {
            throw invalid("unknown input " + (name == null ? "(no name)" : "'" + name + "'") + "; a deck takes one input named '"
                    + INPUT + "'");
        }
        String datatype = input.path("datatype").asText(null);
        if (!DATATYPE.equals(datatype)) {
            throw invalid("input datatype " + (datatype == null ? "(none)" : "'" + datatype + "'") + " is not accepted; a deck takes "
                    + DATATYPE);
        }
        int[] dims = dims(input.get("shape"), expected);
        if (dims[1] != shape.channels() || dims[2] != shape.height() || dims[3] != shape.width()) {
            throw invalid("input shape " + Arrays.toString(dims) + " does not fit the deck, which takes " + expected);
        }
        if (dims[0] < 1) {
            throw invalid("input shape " + Arrays.toString(dims) + " has no images; N must be at least 1");
        }
        if (dims[0] > maxImages) {
            throw DeckException.tooLarge("a request may carry at most " + maxImages + " images, got " + dims[0]);
        }
        float[] images = new float[dims[0] * shape.size()];
        JsonNode data = input.get("data");
        if (data == null || !data.isArray()) {
            throw invalid("inputs[0].data must be an array of numbers, flat or nested as the shape");
        }
        if (!data.isEmpty() && !data.get(0).isArray()) {
            if (data.size() != images.length) {
                throw invalid("flat data holds " + data.size() + " values; shape " + Arrays.toString(dims) + " needs "
                        + images.length);
            }
            for (int i = 0; i < images.length; i++) {
                images[i] = number(data.get(i), "data[" + i + "]");
            }
        } else {
            int written = nested(data, dims, 0, images, 0, "data");
            if (written != images.length) {
                throw invalid("data holds " + written + " values; shape " + Arrays.toString(dims) + " needs "
                        + images.length);
            }
        }
        return new InferenceInput(id == null ? null : id.asText(), images, dims[0]);
    }

    private static void checkOutputs(JsonNode outputs) {
        if (outputs == null) {
            return;
        }
        if (!outputs.isArray()) {
            throw invalid("'outputs' must be an array of {\"name\": \"" + OUTPUT + "\"}");
        }
        for (JsonNode output : outputs) {
            String name = output.path("name").asText(null);
            if (!OUTPUT.equals(name)) {
                throw invalid("unknown output " + (name == null ? "(no name)" : "'" + name + "'") + "; a deck has one output, '"
                        + OUTPUT + "'");
            }
        }
    }

    private static int[] dims(JsonNode shape, String expected) {
        if (shape == null || !shape.isArray() || shape.size() != 4) {
            throw invalid("input shape must be " + expected + ", got " + shape);
        }
        int[] dims = new int[4];
        for (int d = 0; d < 4; d++) {
            JsonNode dim = shape.get(d);
            if (!dim.canConvertToInt() || !dim.isIntegralNumber()) {
                throw invalid("input shape must be " + expected + " of whole numbers, got " + shape);
            }
            dims[d] = dim.intValue();
        }
        return dims;
    }

    /** Copies nested arrays of exactly {@code dims[depth..]} into {@code target}; returns the new write position. */
    private static int nested(JsonNode node, int[] dims, int depth, float[] target, int position, String where) {
        if (!node.isArray() || node.size() != dims[depth]) {
            throw invalid(where + " must be an array of " + dims[depth] + (depth + 1 < dims.length ? " arrays" : " numbers")
                    + " (data is flat with all values, or nested as the shape " + Arrays.toString(dims) + ")");
        }
        for (int i = 0; i < node.size(); i++) {
            String at = where + "[" + i + "]";
            if (depth + 1 == dims.length) {
                target[position++] = number(node.get(i), at);
            } else {
                position = nested(node.get(i), dims, depth + 1, target, position, at);
            }
        }
        return position;
    }

    private static float number(JsonNode value, String where) {
        if (!value.isNumber()) {
            throw invalid(where + " is " + value.getNodeType().toString().toLowerCase(Locale.ROOT)
                    + "; FP32 data must be numbers");
        }
        float f = value.floatValue();
        if (!Float.isFinite(f)) {
            throw invalid(where + " = " + value + " is outside the FP32 range");
        }
        return f;
    }

    private static DeckException invalid(String message) {
        return DeckException.invalid(message);
    }
}
