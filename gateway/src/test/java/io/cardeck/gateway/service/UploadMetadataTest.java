package io.cardeck.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UploadMetadataTest {

    @Test
    void readsTheThreeFieldsWithoutSurroundingBlanks() {
        UploadMetadata metadata = UploadMetadata.parse(
                "{\"name\": \" lenet v2 \", \"dataset\": \"fashion-mnist\", \"labels\": [\" Coat\", \"Bag \"]}");
        assertEquals(new UploadMetadata("lenet v2", "fashion-mnist", List.of("Coat", "Bag")), metadata);
    }

    @Test
    void aNameOfMoreThan200CharactersIsRefused() {
        String name = "n".repeat(201);
        InvalidInputException refusal = assertThrows(InvalidInputException.class, () -> UploadMetadata.parse(
                "{\"name\": \"" + name + "\", \"dataset\": \"mnist\", \"labels\": [\"0\"]}"));
        assertEquals("metadata.name has 201 characters; expected a non-blank string of at most 200 characters",
                refusal.getMessage());
    }

    @Test
    void moreThan1000LabelsAreRefused() {
        String labels = IntStream.range(0, 1001).mapToObj(i -> "\"c" + i + "\"").collect(Collectors.joining(","));
        InvalidInputException refusal = assertThrows(InvalidInputException.class, () -> UploadMetadata.parse(
                "{\"name\": \"m\", \"dataset\": \"mnist\", \"labels\": [" + labels + "]}"));
        assertEquals("metadata.labels has 1001 entries; at most 1000 are accepted", refusal.getMessage());
    }

    @Test
    void aNullFieldIsMissing() {
        InvalidInputException refusal = assertThrows(InvalidInputException.class, () -> UploadMetadata.parse(
                "{\"name\": \"m\", \"dataset\": null, \"labels\": [\"0\"]}"));
        assertEquals("metadata.dataset is missing; expected a non-blank string of at most 200 characters",
                refusal.getMessage());
    }
}
