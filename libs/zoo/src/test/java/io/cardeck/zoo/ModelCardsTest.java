package io.cardeck.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The committed manifest's models and CARDs as model cards. */
class ModelCardsTest {

    private static final ZooManifest MANIFEST = ZooManifest.read(Path.of("../../models"));

    @Test
    void aDenseModelsCardHoldsItsDataRecipeFiguresAndLicence() {
        ZooEntry entry = MANIFEST.entry("lenet5-augmix").orElseThrow();
        String card = ModelCards.of(MANIFEST, entry.name());
        assertTrue(card.startsWith("# Model card: lenet5-augmix\n"), card);
        assertTrue(card.contains("augmentation domain `augmix`"), card);
        assertTrue(card.contains("- **Rebuild**: `" + entry.command() + "`"), card);
        assertTrue(card.contains(String.format(Locale.ROOT, "- **Clean accuracy**: %.2f%%", 100 * entry.testAccuracy())), card);
        assertTrue(card.contains(String.format(Locale.ROOT, "- **Robust accuracy**: %.2f%%", 100 * entry.robustAccuracy())), card);
        assertTrue(card.contains(entry.sha256()), card);
        assertTrue(card.endsWith(ModelCards.LICENCE + "\n"), card);
    }

    @Test
    void aCardsCardNamesItsParentMethodParametersAndSize() {
        CardEntry entry = MANIFEST.cards().stream().filter(c -> c.name().equals("lenet5-gauss-lrr90")).findFirst().orElseThrow();
        String card = ModelCards.of(MANIFEST, entry.name());
        assertTrue(card.contains("- **Pruned from**: `lenet5-gauss` ("), card);
        assertTrue(card.contains("- **Method**: `lrr`"), card);
        assertTrue(card.contains("  - `targetSparsity`: `0.9`"), card);
        assertTrue(card.contains(String.format(Locale.ROOT, "%,d non-zero parameters; %,d bytes gzip-compressed",
                entry.nonZeroParameters(), entry.gzipBytes())), card);
        assertTrue(card.contains("- **Per corruption family**: noise "), card);
    }

    @Test
    void anUnknownNameListsWhatTheManifestHas() {
        NoSuchElementException refused = assertThrows(NoSuchElementException.class, () -> ModelCards.of(MANIFEST, "vgg16"));
        assertTrue(refused.getMessage().startsWith("the zoo manifest has no model 'vgg16'; it has: [lenet5-standard"),
                refused.getMessage());
        assertEquals(1, refused.getMessage().split("and the CARDs").length - 1);
    }
}
