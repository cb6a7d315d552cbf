package io.cardeck.robustness.corruption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorruptionFamilyTest {

    @Test
    void everyCorruptionIsInExactlyOneFamilyAndTheStandardOnesSplitAsHendrycksReports() {
        List<String> all = Arrays.stream(CorruptionFamily.values()).flatMap(f -> f.corruptions().stream()).toList();
        assertEquals(Corruptions.names().stream().sorted().toList(), all.stream().sorted().toList());
        assertEquals(List.of(3L, 4L, 4L, 4L), Arrays.stream(CorruptionFamily.values())
                .map(f -> Corruptions.standard().stream().filter(c -> CorruptionFamily.of(c.name()) == f).count()).toList());
        assertEquals(CorruptionFamily.WEATHER, CorruptionFamily.of("fog"));
        assertThrows(IllegalArgumentException.class, () -> CorruptionFamily.of("rain"));
    }
}
