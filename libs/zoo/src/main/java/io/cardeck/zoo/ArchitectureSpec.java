package io.cardeck.zoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.data.ImageShape;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Everything that determines a freshly built zoo model: the same spec always gives the same
 * model bytes.
 *
 * @param architecture registry name (see {@link Architectures#names()})
 * @param input image shape the model takes, after the batch dim
 * @param classes number of logits, at least 2
 * @param width channel multiplier, 1 to {@value #MAX_WIDTH}; must be 1 where the architecture has none
 * @param seed seed of the weight initialisation
 * @param normalisation per-channel mean and std, one pair per input channel
 */
public record ArchitectureSpec(String architecture, ImageShape input, int classes, int width, long seed,
                               Normalization normalisation) {

    /** The metadata_props key under which a built model records its spec as JSON ({@link #toJson()}). */
    public static final String METADATA_KEY = "cardeck.architecture";
    /** Widest multiplier: ResNet-20 at width 16 already holds 70 M parameters (280 MB). */
    public static final int MAX_WIDTH = 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("architecture", "input", "classes", "width", "seed", "mean", "std");

    public ArchitectureSpec {
        Architecture known = Architectures.byName(architecture);
        Objects.requireNonNull(input, "input shape");
        Objects.requireNonNull(normalisation, "normalisation");
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be at least 2, got " + classes);
        }
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("width multiplier must be between 1 and " + MAX_WIDTH + ", got " + width);
        }
        if (!known.hasWidth() && width != 1) {
            throw new IllegalArgumentException(architecture + " has no width multiplier; width must be 1, got " + width);
        }
        if (normalisation.channels() != input.channels()) {
            throw new IllegalArgumentException("normalisation has " + normalisation.channels()
                    + " mean/std pair(s) but the input " + input + " has " + input.channels() + " channel(s)");
        }
        int side = known.minimumSide();
        if (input.height() < side || input.width() < side) {
            throw new IllegalArgumentException("input " + input + " is too small for " + architecture
                    + ": its down-sampling needs height and width of at least " + side);
        }
    }

    /** A spec for Fashion-MNIST: 1x28x28 input, 10 classes, Fashion-MNIST normalisation. */
    public static ArchitectureSpec fashionMnist(String architecture, int width, long seed) {
        return new ArchitectureSpec(architecture, new ImageShape(1, 28, 28), 10, width, seed, Normalization.FASHION_MNIST);
    }

    /**
     * The spec as one JSON object, e.g. {@code {"architecture":"resnet20","input":[1,28,28],"classes":10,
     * "width":1,"seed":7,"mean":[0.286],"std":[0.353]}}.
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("architecture", architecture);
        node.putArray("input").add(input.channels()).add(input.height()).add(input.width());
        node.put("classes", classes);
        node.put("width", width);
        node.put("seed", seed);
        ArrayNode mean = node.putArray("mean");
        for (float value : normalisation.mean()) {
            mean.add(value);
        }
        ArrayNode std = node.putArray("std");
        for (float value : normalisation.std()) {
            std.add(value);
        }
        return node.toString();
    }

    /**
     * Reads {@link #toJson()}'s form back.
     *
     * @param source what the JSON came from (a file, a model), for error messages
     * @throws IllegalArgumentException naming {@code source} if the JSON is malformed, a field is
     *     missing, unknown or mistyped, or the spec it describes is invalid
     */
    public static ArchitectureSpec fromJson(String json, String source) {
        Objects.requireNonNull(json, "json");
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(source, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw invalid(source, "expected a JSON object with fields " + FIELDS, null);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw invalid(source, "unknown field '" + name + "'; accepted fields: " + FIELDS, null);
            }
        }
        JsonNode architecture = required(node, "architecture", source);
        if (!architecture.isTextual()) {
            throw invalid(source, "field 'architecture' must be a string, got " + architecture, null);
        }
        JsonNode shape = required(node, "input", source);
        if (!shape.isArray() || shape.size() != 3) {
            throw invalid(source, "field 'input' must be [channels, height, width], got " + shape, null);
        }
        int channels = wholeInt(shape.get(0), "input", source);
        int height = wholeInt(shape.get(1), "input", source);
        int imageWidth = wholeInt(shape.get(2), "input", source);
        int classes = wholeInt(required(node, "classes", source), "classes", source);
        int width = wholeInt(required(node, "width", source), "width", source);
        JsonNode seed = required(node, "seed", source);
        if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw invalid(source, "field 'seed' must be a 64-bit integer, got " + seed, null);
        }
        float[] mean = numbers(node, "mean", source);
        float[] std = numbers(node, "std", source);
        try {
            return new ArchitectureSpec(architecture.asText(), new ImageShape(channels, height, imageWidth), classes,
                    width, seed.longValue(), new Normalization(mean, std));
        } catch (IllegalArgumentException e) {
            throw invalid(source, e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid(source, "field '" + field + "' is missing; fields: " + FIELDS, null);
        }
        return value;
    }

    private static float[] numbers(JsonNode node, String field, String source) {
        JsonNode value = required(node, field, source);
        if (!value.isArray()) {
            throw invalid(source, "field '" + field + "' must be an array of numbers, got " + value, null);
        }
        float[] numbers = new float[value.size()];
        for (int i = 0; i < numbers.length; i++) {
            if (!value.get(i).isNumber()) {
                throw invalid(source, "field '" + field + "' must be an array of numbers, found " + value.get(i), null);
            }
            numbers[i] = value.get(i).floatValue();
        }
        return numbers;
    }

    private static int wholeInt(JsonNode value, String field, String source) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(source, "field '" + field + "' must hold 32-bit integers, found " + value, null);
        }
        return value.intValue();
    }

    private static IllegalArgumentException invalid(String source, String problem, Exception cause) {
        return new IllegalArgumentException(source + ": invalid architecture spec: " + problem, cause);
    }
}
