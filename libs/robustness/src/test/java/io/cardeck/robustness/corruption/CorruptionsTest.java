package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorruptionsTest {

    private static final List<String> STANDARD = List.of(
            "gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur",
            "zoom_blur", "snow", "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate",
            "jpeg_compression");
    private static final List<String> EXTRA = List.of("speckle_noise", "gaussian_blur", "spatter", "saturate");

    @Test
    void allHasTheNineteenNamesStandardOnesFirstInTheGeneratorsOrder() {
        List<String> expected = new ArrayList<>(STANDARD);
        expected.addAll(EXTRA);
        assertEquals(expected, Corruptions.names());
        assertEquals(19, Corruptions.all().size());
    }

    @Test
    void standardIsTheFifteenInOrder() {
        assertEquals(STANDARD, Corruptions.standard().stream().map(Corruption::name).toList());
        for (String extra : EXTRA) {
            assertFalse(Corruptions.byName(extra).standard(), extra);
        }
    }

    @Test
    void byNameFindsEachCorruptionWithItsClass() {
        assertSame(GlassBlur.class, Corruptions.byName("glass_blur").getClass());
        assertSame(JpegCompression.class, Corruptions.byName("jpeg_compression").getClass());
        for (Corruption corruption : Corruptions.all()) {
            assertSame(corruption, Corruptions.byName(corruption.name()));
        }
    }

    @Test
    void byNameRejectsUnknownNamesListingTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Corruptions.byName("Glass Blur"));
        assertTrue(e.getMessage().contains("'Glass Blur'"), e.getMessage());
        for (String name : Corruptions.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Corruptions.byName(null));
        assertThrows(IllegalArgumentException.class, () -> Corruptions.byName("elastic"));
    }

    @Test
    void everyCorruptionDescribesFiveSeveritiesAndOnlySaturateIsUndefinedOnGray() {
        for (Corruption corruption : Corruptions.all()) {
            assertEquals(5, corruption.severityParameters().size(), corruption.name());
            assertTrue(corruption.definedFor(3), corruption.name());
            assertEquals(!corruption.name().equals("saturate"), corruption.definedFor(1), corruption.name());
        }
        assertEquals(List.of("std=0.04", "std=0.06", "std=0.08", "std=0.09", "std=0.1"),
                Corruptions.byName("gaussian_noise").severityParameters());
        assertEquals("sigma=0.4 max_delta=1 iterations=2", Corruptions.byName("glass_blur").severityParameters().get(4));
        assertEquals("quality=40", Corruptions.byName("jpeg_compression").severityParameters().get(4));
    }
}
