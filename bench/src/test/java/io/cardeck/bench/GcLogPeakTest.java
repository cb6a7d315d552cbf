package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogPeakTest {

    private static final long MIB = 1 << 20;

    /** Lines as JDK 17 writes them with -Xlog:gc,gc+heap+exit (G1). */
    private static final List<String> LOG = List.of(
            "[0.004s][info][gc] Using G1",
            "[1.871s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 18M->2M(380M) 14.216ms",
            "[2.090s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 228M->41M(512M) 1.247ms",
            "[2.300s][info][gc] GC(2) Pause Remark 60M->60M(512M) 2.001ms",
            "[2.310s][info][gc] GC(3) Concurrent Mark Cycle 12.5ms",
            "[2.410s][info][gc,heap,exit] Heap",
            "[2.410s][info][gc,heap,exit]  garbage-first heap   total 389120K, used 143927K [0x0000000080000000, 0x0000000100000000)",
            "[2.410s][info][gc,heap,exit]   region size 1024K, 138 young (141312K), 0 survivors (0K)");

    @TempDir
    Path dir;

    @Test
    void peakUseIsTheLargestHeapBeforeACollectionOrAtExit() {
        GcLogPeak.HeapPeak peak = GcLogPeak.parse(LOG, "gc.log");

        assertEquals(228 * MIB, peak.used());
        assertEquals(60 * MIB, peak.live());
        assertEquals(512 * MIB, peak.committed());
        assertEquals(3, peak.pauses());
    }

    @Test
    void theExitSummaryCountsWhenItIsTheLargest() {
        GcLogPeak.HeapPeak peak = GcLogPeak.parse(List.of(
                "[0.5s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 1G->100M(1G) 3.0ms",
                "[9.0s][info][gc,heap,exit]  garbage-first heap   total 2097152K, used 1572864K [0x0, 0x1)"), "x");

        assertEquals(1536 * MIB, peak.used());
        assertEquals(100 * MIB, peak.live());
        assertEquals(2048 * MIB, peak.committed());
        assertEquals(1, peak.pauses());
    }

    @Test
    void theCommandReportsMebibytes() throws Exception {
        Path log = Files.write(dir.resolve("gc.log"), LOG);
        StringWriter out = new StringWriter();

        int status = Bench.commandLine().setOut(new PrintWriter(out)).execute("gc-peak", log.toString());

        assertEquals(0, status);
        assertEquals("peak heap used 228 MiB, peak live after GC 60 MiB, peak committed 512 MiB, 3 GC pauses",
                out.toString().strip());
    }

    @Test
    void rejectsALogWithoutTheExitSummary() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> GcLogPeak.parse(LOG.subList(0, 3), "run.log")).getMessage();

        assertTrue(message.contains("run.log has no heap summary at exit"), message);
        assertTrue(message.contains("-Xlog:gc,gc+heap+exit:file=run.log"), message);
    }

    @Test
    void rejectsAMissingLog() {
        Path missing = dir.resolve("none.log");

        String message = assertThrows(UncheckedIOException.class, () -> GcLogPeak.read(missing)).getMessage();

        assertTrue(message.contains("cannot read the GC log " + missing), message);
    }
}
