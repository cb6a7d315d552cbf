package io.cardeck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.data.ImageShape;
import io.cardeck.events.BinaryTensorData;
import java.nio.charset.StandardCharsets;

/**
 * An Open Inference Protocol v2 request for {@code count} NCHW images, in either encoding the
 * gateway takes: JSON numbers, or binary tensor data (a JSON header of {@link #header()} bytes,
 * then the images as little-endian FP32), asking for the probabilities back binary.
 */
record InferenceRequest(float[] images, int count, ImageShape shape) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The whole request as JSON, the images as numbers. */
    String json() {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode data = input(request).putArray("data");
        for (float value : images) {
            data.add(value);
        }
        return request.toString();
    }

    /** The JSON header of the binary request; its byte count goes in {@link BinaryTensorData#HEADER}. */
    byte[] header() {
        ObjectNode request = JSON.createObjectNode();
        input(request).putObject("parameters").put("binary_data_size", images.length * Float.BYTES);
        request.putObject("parameters").put("binary_data_output", true);
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The binary request's body: the header, then the images. */
    byte[] binaryBody() {
        return BinaryTensorData.body(header(), images);
    }

    private ObjectNode input(ObjectNode request) {
        ObjectNode input = request.putArray("inputs").addObject().put("name", "input").put("datatype", "FP32");
        input.putArray("shape").add(count).add(shape.channels()).add(shape.height()).add(shape.width());
        return input;
    }
}
