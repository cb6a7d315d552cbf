package io.cardeck.ensemble.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.ImageShape;
import io.cardeck.ensemble.service.DeckException;
import io.cardeck.events.BinaryTensorData;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The one input tensor of an Open Inference Protocol v2 request to a deck, validated against the
 * deck: FP32, shape [N, C, H, W] with the deck's C, H, W. The data comes either in the JSON, flat
 * (row-major) or nested as the shape, or, with the protocol's binary tensor data extension, as raw
 * little-endian FP32 after a JSON header of {@value BinaryTensorData#HEADER} bytes (the input
 * then says its byte count in {@code parameters.binary_data_size}). The body is read as a stream:
 * JSON values go straight into a float array (a batch of 32 Fashion-MNIST images is 25,088 numbers,
 * too many to build a JSON tree of first).
 *
 * @param id           the request's id, echoed in the response (null when absent)
 * @param images       N images, NCHW
 * @param binaryOutput whether the answer's probabilities go binary too (request parameter
 *                     {@code binary_data_output}, or {@code binary_data} on the requested output)
 */
public record InferenceInput(String id, float[] images, int count, boolean binaryOutput) {

    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";
    public static final String DATATYPE = "FP32";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /**
     * @param headerLength the value of {@link BinaryTensorData#HEADER} when the request has one (binary data follows the JSON)
     * @throws DeckException 400 naming what is wrong and what is accepted; 413 for more than {@code maxImages}
     * @throws IOException   when the body is not JSON (a {@link com.fasterxml.jackson.core.JsonProcessingException})
     */
    public static InferenceInput read(InputStream body, OptionalInt headerLength, ImageShape shape, int maxImages)
            throws IOException {
        String expected = "[N, " + shape.channels() + ", " + shape.height() + ", " + shape.width() + "]";
        Header header;
        if (headerLength.isPresent()) {
            byte[] json = body.readNBytes(headerLength.getAsInt());
            if (json.length < headerLength.getAsInt()) {
                throw invalid("the body holds " + json.length + " bytes, fewer than its " + BinaryTensorData.HEADER + " of "
                        + headerLength.getAsInt());
            }
            try (JsonParser parser = FACTORY.createParser(json)) {
                header = header(parser, expected);
                if (!atEnd(parser)) {
                    throw invalid("the first " + BinaryTensorData.HEADER + " (" + json.length
                            + ") bytes must hold just the JSON object; something follows it");
                }
            }
        } else {
            try (JsonParser parser = FACTORY.createParser(body)) {
                header = header(parser, expected);
            }
        }
        Tensor tensor = header.tensor;
        int[] dims = tensor.validated(shape, expected, maxImages);
        long needed = (long) dims[0] * shape.size();
        float[] images = tensor.binaryDataSize == null
                ? tensor.inline(dims, needed)
                : binary(body, tensor.binaryDataSize, needed, headerLength.isPresent());
        if (tensor.binaryDataSize == null && headerLength.isPresent() && body.read() != -1) {
            throw invalid("the body goes on after its JSON header, but the input has no parameters.binary_data_size;"
                    + " send the data either in the JSON or, with binary_data_size, after it");
        }
        return new InferenceInput(header.id, images, dims[0], header.binaryOutput);
    }

    private static boolean atEnd(JsonParser parser) throws IOException {
        try {
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The JSON object of the request, up to its data. */
    private static final class Header {
        String id;
        Tensor tensor;
        boolean binaryOutput;
    }

    private static Header header(JsonParser parser, String expected) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw invalid("the body must be a JSON object {\"inputs\": [{\"name\": \"" + INPUT + "\", \"shape\": " + expected
                    + ", \"datatype\": \"" + DATATYPE + "\", \"data\": [...]}]}");
        }
        Header header = new Header();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "id" -> {
                    if (parser.currentToken() != JsonToken.VALUE_STRING) {
                        throw invalid("'id' must be a string, got " + parser.currentToken());
                    }
                    header.id = parser.getText();
                }
                case "parameters" -> header.binaryOutput |= flag(JSON.readTree(parser), "binary_data_output", "parameters");
                case "outputs" -> header.binaryOutput |= outputs(JSON.readTree(parser));
                case "inputs" -> header.tensor = inputs(parser);
                default -> parser.skipChildren();
            }
        }
        if (header.tensor == null) {
            throw invalid("'inputs' must be an array of exactly one tensor, named '" + INPUT + "'");
        }
        return header;
    }

    /** The fields of the one input, in any order; checked against the shape once all are known. */
    private static final class Tensor {
        String name;
        String datatype;
        JsonNode shapeNode;
        Data data;
        Long binaryDataSize;

        /** The shape [N, C, H, W], checked against the deck; the data is checked by its reader. */
        int[] validated(ImageShape shape, String expected, int maxImages) {
            if (!INPUT.equals(name)) {
                throw invalid("unknown input " + (name == null ? "(no name)" : "'" + name + "'")
                        + "; a deck takes one input named '" + INPUT + "'");
            }
            if (!DATATYPE.equals(datatype)) {
                throw invalid("input datatype " + (datatype == null ? "(none)" : "'" + datatype + "'")
                        + " is not accepted; a deck takes " + DATATYPE);
            }
            int[] dims = dims(shapeNode, expected);
            if (dims[1] != shape.channels() || dims[2] != shape.height() || dims[3] != shape.width()) {
                throw invalid("input shape " + Arrays.toString(dims) + " does not fit the deck, which takes " + expected);
            }
            if (dims[0] < 1) {
                throw invalid("input shape " + Arrays.toString(dims) + " has no images; N must be at least 1");
            }
            if (dims[0] > maxImages) {
                throw DeckException.tooLarge("a request may carry at most " + maxImages + " images, got " + dims[0]);
            }
            if (data != null && binaryDataSize != null) {
                throw invalid("inputs[0] has both data and parameters.binary_data_size; send the data one way");
            }
            if (data == null && binaryDataSize == null) {
                throw invalid("inputs[0].data must be an array of numbers, flat or nested as the shape"
                        + " (or binary after the JSON, with parameters.binary_data_size and the " + BinaryTensorData.HEADER + " header)");
            }
            return dims;
        }

        float[] inline(int[] dims, long needed) {
            if (data.leafDepth <= 0) {
                if (data.count != needed) {
                    throw invalid("flat data holds " + data.count + " values; shape " + Arrays.toString(dims) + " needs " + needed);
                }
            } else if (!Arrays.equals(Arrays.copyOf(data.lengths, data.leafDepth + 1), dims)) {
                throw invalid("data is nested as " + Arrays.toString(Arrays.copyOf(data.lengths, data.leafDepth + 1))
                        + "; nest it as the shape " + Arrays.toString(dims) + " or send it flat");
            }
            return Arrays.copyOf(data.values, data.count);
        }
    }

    /** {@code values} FP32 numbers, little-endian, from the rest of the body; nothing may follow them. */
    private static float[] binary(InputStream body, long size, long values, boolean hasHeader) throws IOException {
        if (!hasHeader) {
            throw invalid("parameters.binary_data_size needs the " + BinaryTensorData.HEADER
                    + " header, giving the byte length of the JSON that precedes the binary data");
        }
        if (size != values * Float.BYTES) {
            throw invalid("parameters.binary_data_size is " + size + " bytes; the shape needs " + values + " FP32 values, "
                    + values * Float.BYTES + " bytes");
        }
        byte[] bytes = body.readNBytes((int) size);
        if (bytes.length < size) {
            throw invalid("the body holds " + bytes.length + " bytes of binary data after its JSON header;"
                    + " parameters.binary_data_size says " + size);
        }
        if (body.read() != -1) {
            throw invalid("the body goes on after the " + size + " bytes of binary data that parameters.binary_data_size announces");
        }
        float[] images = BinaryTensorData.values(bytes, 0);
        for (int i = 0; i < images.length; i++) {
            if (!Float.isFinite(images[i])) {
                throw invalid("binary value " + i + " is " + images[i] + "; FP32 data must be finite");
            }
        }
        return images;
    }

    /** The values of {@code data} in order, and the length of its arrays at each depth (all alike). */
    private static final class Data {
        /** As deep as an [N, C, H, W] tensor nests. */
        static final int MAX_DEPTH = 4;

        float[] values = new float[4096];
        int count;
        final int[] lengths = {-1, -1, -1, -1};
        /** The depth of the arrays that hold the numbers; -1 until the first number. */
        int leafDepth = -1;
        final int[] path = new int[MAX_DEPTH];
    }

    private static Tensor inputs(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY || parser.nextToken() != JsonToken.START_OBJECT) {
            throw invalid("'inputs' must be an array of exactly one tensor, named '" + INPUT + "'");
        }
        Tensor tensor = new Tensor();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "name" -> tensor.name = parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "datatype" -> tensor.datatype = parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : null;
                case "shape" -> tensor.shapeNode = JSON.readTree(parser);
                case "parameters" -> tensor.binaryDataSize = binaryDataSize(JSON.readTree(parser));
                case "data" -> {
                    if (parser.currentToken() != JsonToken.START_ARRAY) {
                        throw invalid("inputs[0].data must be an array of numbers, flat or nested as the shape");
                    }
                    tensor.data = new Data();
                    array(parser, tensor.data, 0);
                }
                default -> parser.skipChildren();
            }
        }
        if (parser.nextToken() != JsonToken.END_ARRAY) {
            throw invalid("'inputs' must be an array of exactly one tensor, named '" + INPUT + "'");
        }
        return tensor;
    }

    /** Reads the array the parser is at (depth {@code depth}) into {@code data}. */
    private static void array(JsonParser parser, Data data, int depth) throws IOException {
        if (depth >= Data.MAX_DEPTH) {
            throw invalid(where(data, depth) + " nests deeper than an [N, C, H, W] tensor");
        }
        int length = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            data.path[depth] = length;
            if (token == JsonToken.START_ARRAY) {
                array(parser, data, depth + 1);
            } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                if (data.leafDepth < 0) {
                    data.leafDepth = depth;
                } else if (data.leafDepth != depth) {
                    throw invalid(where(data, depth + 1) + " is a number where the data's other numbers are "
                            + data.leafDepth + " arrays deep; nest it as the shape or send it flat");
                }
                float value = parser.getFloatValue();
                if (!Float.isFinite(value)) {
                    throw invalid(where(data, depth + 1) + " = " + parser.getText() + " is outside the FP32 range");
                }
                if (data.count == data.values.length) {
                    data.values = Arrays.copyOf(data.values, data.values.length * 2);
                }
                data.values[data.count++] = value;
            } else {
                throw invalid(where(data, depth + 1) + " is " + kind(token) + "; FP32 data must be numbers");
            }
            length++;
        }
        if (data.lengths[depth] < 0) {
            data.lengths[depth] = length;
        } else if (data.lengths[depth] != length) {
            throw invalid("data is ragged: its arrays at depth " + depth + " hold " + data.lengths[depth] + " and "
                    + length + " values; nest it as the shape or send it flat");
        }
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "string";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "object";
            default -> token.name();
        };
    }

    /** Where the value at {@code data.path[0..depth)} is, as {@code data[i][j]...}. */
    private static String where(Data data, int depth) {
        StringBuilder where = new StringBuilder("data");
        for (int d = 0; d < depth; d++) {
            where.append('[').append(data.path[d]).append(']');
        }
        return where.toString();
    }

    /** Whether the requested outputs ask for binary data; each must be the deck's one output. */
    private static boolean outputs(JsonNode outputs) {
        if (!outputs.isArray()) {
            throw invalid("'outputs' must be an array of {\"name\": \"" + OUTPUT + "\"}");
        }
        boolean binary = false;
        for (JsonNode output : outputs) {
            String name = output.path("name").asText(null);
            if (!OUTPUT.equals(name)) {
                throw invalid("unknown output " + (name == null ? "(no name)" : "'" + name + "'") + "; a deck has one output, '"
                        + OUTPUT + "'");
            }
            binary |= output.has("parameters") && flag(output.get("parameters"), "binary_data", "outputs[].parameters");
        }
        return binary;
    }

    /** The boolean {@code name} of a parameters object (false when absent). */
    private static boolean flag(JsonNode parameters, String name, String where) {
        if (!parameters.isObject()) {
            throw invalid("'" + where + "' must be an object");
        }
        JsonNode value = parameters.get(name);
        if (value != null && !value.isBoolean()) {
            throw invalid(where + "." + name + " must be true or false, got " + value);
        }
        return value != null && value.booleanValue();
    }

    /** The input's {@code binary_data_size} (null when the data is in the JSON). */
    private static Long binaryDataSize(JsonNode parameters) {
        if (!parameters.isObject()) {
            throw invalid("inputs[0].parameters must be an object");
        }
        JsonNode size = parameters.get("binary_data_size");
        if (size == null) {
            return null;
        }
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
            throw invalid("inputs[0].parameters.binary_data_size must be a byte count (a whole number >= 0), got " + size);
        }
        return size.longValue();
    }

    private static int[] dims(JsonNode shape, String expected) {
        if (shape == null || !shape.isArray() || shape.size() != 4) {
            throw invalid("input shape must be " + expected + ", got " + shape);
        }
        int[] dims = new int[4];
        for (int d = 0; d < 4; d++) {
            JsonNode dim = shape.get(d);
            if (!dim.isIntegralNumber() || !dim.canConvertToInt()) {
                throw invalid("input shape must be " + expected + " of whole numbers, got " + shape);
            }
            dims[d] = dim.intValue();
        }
        return dims;
    }

    private static DeckException invalid(String message) {
        return DeckException.invalid(message);
    }
}
