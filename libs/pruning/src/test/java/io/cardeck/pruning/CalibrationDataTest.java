package io.cardeck.pruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.Uint8ImageDataset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CalibrationDataTest {

    /** 100 one-pixel images whose pixel is their index, so an image tells where it came from. */
    private static final ImageDataset SPLIT = indexed(100);

    private static ImageDataset indexed(int size) {
        byte[] pixels = new byte[size];
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            pixels[i] = (byte) i;
            labels[i] = i % 2;
        }
        return Uint8ImageDataset.ofPixels("indexed/train", new ImageShape(1, 1, 1), PixelLayout.CHW, pixels, labels,
                List.of("even", "odd"));
    }

    private static Set<Integer> origins(ImageDataset images) {
        Set<Integer> origins = new HashSet<>();
        byte[] pixel = new byte[1];
        for (int i = 0; i < images.size(); i++) {
            images.readPixels(i, pixel, 0);
            origins.add(pixel[0] & 0xff);
        }
        return origins;
    }

    @Test
    void heldOutAndTrainingPartsAreDisjointAndCoverTheSplit() {
        CalibrationData data = CalibrationData.of("indexed", SPLIT, 7, 20);
        Set<Integer> heldOut = origins(data.validation());
        Set<Integer> training = origins(data.training());
        assertEquals(20, heldOut.size());
        assertEquals(80, training.size());
        assertTrue(heldOut.stream().noneMatch(training::contains));
        Set<Integer> all = new HashSet<>(heldOut);
        all.addAll(training);
        assertEquals(100, all.size());
        assertTrue(training.containsAll(origins(data.calibration(30))), "calibration images come from the training part");
        assertEquals(Map.of("dataset", "indexed", "split", "train", "seed", 7L, "validationImages", 20), data.recipe());
    }

    @Test
    void theSameSeedGivesTheSameDivisionAndAnotherSeedAnother() {
        assertEquals(origins(CalibrationData.of("indexed", SPLIT, 7, 20).validation()),
                origins(CalibrationData.of("indexed", SPLIT, 7, 20).validation()));
        assertNotEquals(origins(CalibrationData.of("indexed", SPLIT, 7, 20).validation()),
                origins(CalibrationData.of("indexed", SPLIT, 8, 20).validation()));
    }

    @Test
    void sizesOutsideTheSplitAreRefusedWithTheRange() {
        InvalidParameterException all = assertThrows(InvalidParameterException.class,
                () -> CalibrationData.of("indexed", SPLIT, 0, 100));
        assertTrue(all.getMessage().contains("1..99"), all.getMessage());
        InvalidParameterException tooMany = assertThrows(InvalidParameterException.class,
                () -> CalibrationData.of("indexed", SPLIT, 0, 20).calibration(81));
        assertTrue(tooMany.getMessage().contains("1..80"), tooMany.getMessage());
    }
}
