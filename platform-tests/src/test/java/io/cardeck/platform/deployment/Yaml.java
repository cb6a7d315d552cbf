package io.cardeck.platform.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** YAML files as Jackson trees. Anchors and merge keys are not resolved, so the files use none. */
final class Yaml {

    private static final YAMLMapper MAPPER = new YAMLMapper();

    private Yaml() {}

    /** The one document of a file (compose, kustomization). */
    static JsonNode read(Path file) throws IOException {
        List<JsonNode> documents = documents(file);
        if (documents.size() != 1) {
            throw new IOException(file + " holds " + documents.size() + " YAML documents, expected one");
        }
        return documents.get(0);
    }

    /** Every non-empty document of a file ({@code ---} separated, as Kubernetes manifests are). */
    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> values = MAPPER.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (values.hasNext()) {
                JsonNode document = values.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    /** Writes the documents to a file, {@code ---} separated. */
    static void write(Path file, List<JsonNode> documents) throws IOException {
        try (SequenceWriter writer = MAPPER.writer().writeValues(file.toFile())) {
            writer.writeAll(documents);
        }
    }
}
