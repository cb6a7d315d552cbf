package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachineCpuTest {

    @Test
    void idleIsIdlePlusIowaitAndTotalLeavesOutGuestTime() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        MachineCpu.Sample sample = MachineCpu.parse("cpu  100 5 50 800 20 3 2 10 40 0");

        assertEquals(820, sample.idle());
        assertEquals(100 + 5 + 50 + 800 + 20 + 3 + 2 + 10, sample.total());
    }

    @Test
    void idleShareIsTheIdleTicksOverAllTicksBetweenSamples() {
        Optional<MachineCpu.Sample> before = Optional.of(new MachineCpu.Sample(1000, 5000));
        Optional<MachineCpu.Sample> after = Optional.of(new MachineCpu.Sample(1050, 5200));

        assertEquals(50 / 200.0, MachineCpu.idleShare(before, after), 1e-12);
        assertTrue(Double.isNaN(MachineCpu.idleShare(before, Optional.empty())));
        assertTrue(Double.isNaN(MachineCpu.idleShare(before, before)));
    }

    @Test
    void readsThisMachine() {
        // the build machines run Linux; a sample there has idle time within the total
        MachineCpu.Sample sample = MachineCpu.sample().orElseThrow();

        assertTrue(sample.idle() >= 0 && sample.idle() <= sample.total(), sample.toString());
    }

    @Test
    void rejectsLinesThatAreNotTheAggregateCpuLine() {
        String message = assertThrows(IllegalArgumentException.class, () -> MachineCpu.parse("cpu0 1 2 3 4 5 6 7 8"))
                .getMessage();

        assertTrue(message.contains("is not the aggregate cpu line of /proc/stat"), message);
        assertThrows(IllegalArgumentException.class, () -> MachineCpu.parse("cpu 1 2 3"));
    }
}
