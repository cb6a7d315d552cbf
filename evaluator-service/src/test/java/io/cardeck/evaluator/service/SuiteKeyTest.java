package io.cardeck.evaluator.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SuiteKeyTest {

    @Test
    void directoryIsNamedAsTheDemoNamesIt() {
        // DemoCommand: DATASET + "-test-" + images + "-seed" + seed
        assertEquals("fashion-mnist-test-1000-seed0", new SuiteKey("fashion-mnist", "test", 1000, 0).directoryName());
        assertEquals("mnist-test-100-seed7", new SuiteKey("mnist", "test", 100, 7).directoryName());
    }

    @Test
    void onlyCatalogNamesAreAccepted() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new SuiteKey("imagenet", "test", 10, 0));
        assertTrue(unknown.getMessage().contains("fashion-mnist, mnist, cifar10"), unknown.getMessage());
        // A directory would be accepted by the catalog; a model's metadata must not choose paths.
        assertThrows(IllegalArgumentException.class, () -> SuiteKey.requireKnownDataset("/usr/share/datasets/fashion-mnist"));
        assertThrows(IllegalArgumentException.class, () -> SuiteKey.requireKnownDataset(null));
    }

    @Test
    void aSuiteHasImages() {
        assertThrows(IllegalArgumentException.class, () -> new SuiteKey("fashion-mnist", "test", 0, 0));
    }
}
