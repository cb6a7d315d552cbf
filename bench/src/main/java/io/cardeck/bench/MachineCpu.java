package io.cardeck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The CPU time of the whole machine, from Linux's /proc/stat. Next to the process's own CPU time it tells
 * "our threads waited for a core that other processes held" (machine not idle) from "our code left a core
 * unused" (machine idle), which a shared benchmark machine needs.
 */
final class MachineCpu {

    static final Path PROC_STAT = Path.of("/proc/stat");

    /** Cumulative ticks of all CPUs: idle (idle + iowait) and total (user .. steal). */
    record Sample(long idle, long total) {}

    private MachineCpu() {
    }

    /** The current totals; empty where /proc/stat cannot be read (not Linux). */
    static Optional<Sample> sample() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            return lines.isEmpty() ? Optional.empty() : Optional.of(parse(lines.get(0)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The aggregate line {@code cpu user nice system idle iowait irq softirq steal [guest guest_nice]};
     * guest time is already counted in user and nice, so it is left out.
     */
    static Sample parse(String line) {
        String[] fields = line.trim().split("\\s+");
        if (fields.length < 9 || !fields[0].equals("cpu")) {
            throw new IllegalArgumentException("'" + line + "' is not the aggregate cpu line of /proc/stat"
                    + " (cpu user nice system idle iowait irq softirq steal ...)");
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(fields[i]);
        }
        return new Sample(Long.parseLong(fields[4]) + Long.parseLong(fields[5]), total);
    }

    /** The share of all CPUs' time that was idle between the samples; NaN when either is missing or no time passed. */
    static double idleShare(Optional<Sample> before, Optional<Sample> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Double.NaN;
        }
        long total = after.get().total() - before.get().total();
        return total <= 0 ? Double.NaN : (double) (after.get().idle() - before.get().idle()) / total;
    }
}
