package io.cardeck.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The peak heap use of a JVM that ran with {@code -Xlog:gc,gc+heap+exit:file=LOG}, read from the log
 * after it exited. Heap use peaks just before a collection (each "Pause ... BEFORE->AFTER(COMMITTED)"
 * line) or at exit (the "garbage-first heap total T, used U" summary), so the maximum over those is
 * the peak; the largest AFTER is the most that was still reachable after a collection.
 */
@Command(name = "gc-peak", mixinStandardHelpOptions = true,
        description = "Peak heap use, peak live heap and peak committed heap from a -Xlog:gc,gc+heap+exit log.")
final class GcLogPeak implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private static final Pattern PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final Pattern EXIT = Pattern.compile("heap\\s+total (\\d+)([KMG]), used (\\d+)([KMG])");

    @Parameters(paramLabel = "LOG", description = "The GC log (-Xlog:gc,gc+heap+exit:file=LOG).")
    Path log;

    /**
     * @param used      the most heap in use: before a collection or at exit
     * @param live      the most heap still in use right after a collection (0 without collections)
     * @param committed the most heap the JVM had reserved from the OS
     * @param pauses    collections logged
     */
    record HeapPeak(long used, long live, long committed, int pauses) {}

    @Override
    public Integer call() {
        HeapPeak peak = read(log);
        spec.commandLine().getOut().printf(Locale.ROOT, "peak heap used %d MiB, peak live after GC %d MiB, peak committed %d MiB, %d GC pauses%n",
                mib(peak.used()), mib(peak.live()), mib(peak.committed()), peak.pauses());
        return 0;
    }

    static HeapPeak read(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GC log " + log + ": " + e.getMessage(), e);
        }
        return parse(lines, log.toString());
    }

    static HeapPeak parse(List<String> lines, String source) {
        long used = 0;
        long live = 0;
        long committed = 0;
        int pauses = 0;
        boolean exit = false;
        for (String line : lines) {
            Matcher pause = PAUSE.matcher(line);
            if (line.contains("[gc]") && line.contains("Pause") && pause.find()) {
                used = Math.max(used, bytes(pause.group(1), pause.group(2)));
                live = Math.max(live, bytes(pause.group(3), pause.group(4)));
                committed = Math.max(committed, bytes(pause.group(5), pause.group(6)));
                pauses++;
                continue;
            }
            Matcher summary = EXIT.matcher(line);
            if (line.contains("gc,heap,exit") && summary.find()) {
                committed = Math.max(committed, bytes(summary.group(1), summary.group(2)));
                used = Math.max(used, bytes(summary.group(3), summary.group(4)));
                exit = true;
            }
        }
        if (!exit) {
            throw new IllegalArgumentException(source + " has no heap summary at exit (a line 'garbage-first heap"
                    + " total ..., used ...'); run the JVM with -Xlog:gc,gc+heap+exit:file=" + source
                    + " (G1, the default collector) and let it exit normally");
        }
        return new HeapPeak(used, live, committed, pauses);
    }

    private static long bytes(String amount, String unit) {
        long value = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }

    static long mib(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }
}
