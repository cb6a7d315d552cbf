package io.cardeck.pruner.service;

import io.cardeck.data.DatasetCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an upload says about its model: a display name, the dataset it classifies and its class
 * labels by output column. Invalid values are {@link Rejection#INVALID} with the reason.
 */
public record ModelDescription(String name, String dataset, List<String> labels) {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_LABEL_LENGTH = 200;
    public static final int MAX_LABELS = 10_000;

    public ModelDescription {
        if (name == null || name.isBlank()) {
            throw invalid("metadata 'name' is missing or blank; give the model a name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw invalid("metadata 'name' has " + name.length() + " characters; at most " + MAX_NAME_LENGTH + " are accepted");
        }
        if (dataset == null || !DatasetCatalog.NAMES.contains(dataset)) {
            throw invalid("metadata 'dataset' is " + (dataset == null ? "missing" : "'" + dataset + "'")
                    + "; accepted: " + String.join(", ", DatasetCatalog.NAMES));
        }
        if (labels == null || labels.isEmpty()) {
            throw invalid("metadata 'labels' is missing or empty; list the class names by output column");
        }
        if (labels.size() > MAX_LABELS) {
            throw invalid("metadata 'labels' has " + labels.size() + " entries; at most " + MAX_LABELS + " are accepted");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label == null || label.isBlank()) {
                throw invalid("metadata 'labels' entry " + i + " is missing or blank; every class needs a name");
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                throw invalid("metadata 'labels' entry " + i + " has " + label.length() + " characters; at most "
                        + MAX_LABEL_LENGTH + " are accepted");
            }
            if (!seen.add(label)) {
                throw invalid("metadata 'labels' names '" + label + "' twice; class names must be distinct");
            }
        }
        labels = List.copyOf(labels);
    }

    private static RejectedException invalid(String message) {
        return new RejectedException(Rejection.INVALID, message);
    }
}
