package io.cardeck.pruner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelDescriptionTest {

    @Test
    void aCompleteDescriptionIsKept() {
        List<String> labels = new ArrayList<>(List.of("cat", "dog"));
        ModelDescription description = new ModelDescription("pets", "cifar10", labels);
        labels.add("bird");
        assertEquals(List.of("cat", "dog"), description.labels(), "a copy, not the caller's list");
    }

    @Test
    void eachInvalidFieldIsRefusedSayingWhatIsAccepted() {
        assertInvalid("'name' is missing or blank", () -> new ModelDescription(" ", "mnist", List.of("0")));
        assertInvalid("'name' has 201 characters; at most 200", () -> new ModelDescription("n".repeat(201), "mnist", List.of("0")));
        assertInvalid("'dataset' is missing; accepted: fashion-mnist, mnist, cifar10",
                () -> new ModelDescription("m", null, List.of("0")));
        assertInvalid("'dataset' is 'svhn'; accepted: fashion-mnist, mnist, cifar10",
                () -> new ModelDescription("m", "svhn", List.of("0")));
        assertInvalid("'labels' is missing or empty", () -> new ModelDescription("m", "mnist", List.of()));
        assertInvalid("'labels' entry 1 is missing or blank", () -> new ModelDescription("m", "mnist", Arrays.asList("0", null)));
        assertInvalid("'labels' names 'x' twice", () -> new ModelDescription("m", "mnist", List.of("x", "y", "x")));
        assertInvalid("'labels' has 10001 entries", () -> new ModelDescription("m", "mnist",
                java.util.stream.IntStream.range(0, 10_001).mapToObj(Integer::toString).toList()));
    }

    private static void assertInvalid(String message, Runnable construct) {
        RejectedException e = assertThrows(RejectedException.class, construct::run);
        assertEquals(Rejection.INVALID, e.rejection());
        assertTrue(e.getMessage().contains(message), e.getMessage() + " should contain: " + message);
    }
}
