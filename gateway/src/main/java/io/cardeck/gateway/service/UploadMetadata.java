package io.cardeck.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.DatasetCatalog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code metadata} of a model upload.
 *
 * @param dataset one of {@link DatasetCatalog#NAMES}: the data the model was trained for and is evaluated on
 * @param labels class names in the order of the model's output columns
 */
public record UploadMetadata(String name, String dataset, List<String> labels) {

    public static final int MAX_TEXT = 200;
    public static final int MAX_LABELS = 1000;

    private static final List<String> FIELDS = List.of("name", "dataset", "labels");
    private static final String SHAPE = "{\"name\": \"...\", \"dataset\": \"" + DatasetCatalog.FASHION_MNIST
            + "\", \"labels\": [\"...\", ...]}";
    private static final ObjectMapper JSON = new ObjectMapper();

    public UploadMetadata {
        labels = List.copyOf(labels);
    }

    /**
     * Reads the upload's {@code metadata} field strictly: a JSON object with exactly the fields
     * name, dataset and labels.
     *
     * @throws InvalidInputException saying which field is wrong and what is accepted
     */
    public static UploadMetadata parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("multipart field 'metadata' is missing; expected a JSON object " + SHAPE);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new InvalidInputException("metadata is not valid JSON; expected a JSON object " + SHAPE);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("metadata must be a JSON object " + SHAPE);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidInputException("metadata field '" + field + "' is not accepted; accepted fields: "
                        + String.join(", ", FIELDS));
            }
        }
        String name = text(root, "name", "metadata.name");
        String dataset = text(root, "dataset", "metadata.dataset");
        if (!DatasetCatalog.NAMES.contains(dataset)) {
            throw new InvalidInputException("metadata.dataset '" + dataset + "' is not accepted; accepted: "
                    + String.join(", ", DatasetCatalog.NAMES));
        }
        return new UploadMetadata(name, dataset, labels(root.get("labels")));
    }

    private static List<String> labels(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new InvalidInputException("metadata.labels must be a non-empty array of class names (strings), one per"
                    + " output of the model, e.g. [\"T-shirt/top\", \"Trouser\", ...]");
        }
        if (node.size() > MAX_LABELS) {
            throw new InvalidInputException("metadata.labels has " + node.size() + " entries; at most " + MAX_LABELS
                    + " are accepted");
        }
        List<String> labels = new ArrayList<>(node.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String label = text(node.get(i), null, "metadata.labels[" + i + "]");
            if (!seen.add(label)) {
                throw new InvalidInputException("metadata.labels[" + i + "] '" + label
                        + "' repeats an earlier label; each class needs its own name");
            }
            labels.add(label);
        }
        return labels;
    }

    /** The non-blank string at {@code parent.field} (or {@code parent} itself when field is null). */
    private static String text(JsonNode parent, String field, String path) {
        JsonNode node = field == null ? parent : parent.get(field);
        String accepted = "expected a non-blank string of at most " + MAX_TEXT + " characters";
        if (node == null || node.isNull()) {
            throw new InvalidInputException(path + " is missing; " + accepted);
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new InvalidInputException(path + " is " + (node.isTextual() ? "blank" : node.getNodeType()
                    .name().toLowerCase(Locale.ROOT)) + "; " + accepted);
        }
        String value = node.asText().strip();
        if (value.length() > MAX_TEXT) {
            throw new InvalidInputException(path + " has " + value.length() + " characters; " + accepted);
        }
        return value;
    }
}
