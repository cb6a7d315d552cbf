package io.cardeck.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Minor page faults of this process, from Linux's /proc/self/stat: each is a page the kernel had to map
 * (and zero) on first touch. A native allocator that hands freed memory back to the kernel and maps it
 * again makes them grow with every training step.
 */
final class PageFaults {

    static final Path PROC_SELF_STAT = Path.of("/proc/self/stat");

    private PageFaults() {
    }

    /** The count so far; empty where /proc/self/stat cannot be read (not Linux). */
    static OptionalLong minor() {
        try {
            return OptionalLong.of(parseMinor(Files.readString(PROC_SELF_STAT)));
        } catch (IOException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Field 10 (minflt) of {@code pid (comm) state ppid pgrp session tty_nr tpgid flags minflt ...}; the
     * command name may hold spaces and parentheses, so the fields are counted from its last ')'.
     */
    static long parseMinor(String stat) {
        int end = stat.lastIndexOf(')');
        String[] fields = end < 0 ? new String[0] : stat.substring(end + 1).trim().split("\\s+");
        if (fields.length < 8) {
            throw new IllegalArgumentException("'" + stat.strip() + "' is not a /proc/<pid>/stat line"
                    + " (pid (comm) state ppid pgrp session tty_nr tpgid flags minflt ...)");
        }
        try {
            return Long.parseLong(fields[7]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("minflt '" + fields[7] + "' in /proc/<pid>/stat is not a count", e);
        }
    }

    /** Faults per step between two counts; NaN where either is missing. */
    static double perStep(OptionalLong before, OptionalLong after, int steps) {
        return before.isPresent() && after.isPresent() ? (double) (after.getAsLong() - before.getAsLong()) / steps
                : Double.NaN;
    }
}
