package io.cardeck.data.cifar;

import io.cardeck.data.ClassNames;
import io.cardeck.data.DatasetFormatException;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.MappedRecords;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.RecordFormat;
import io.cardeck.data.Uint8ImageDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CIFAR-10 binary version: batches of records of one label byte followed by 3072 pixel bytes
 * (1024 red, 1024 green, 1024 blue, rows of 32). The batch files are memory-mapped and served in
 * place; the label bytes are read once.
 */
public final class Cifar10Batches {

    public static final ImageShape SHAPE = new ImageShape(3, 32, 32);
    public static final int RECORD_BYTES = 1 + 3 * 32 * 32;
    public static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_FILE = "test_batch.bin";
    /** Class names, one per line, as shipped in {@code cifar-10-batches-bin}. */
    public static final String META_FILE = "batches.meta.txt";

    private static final RecordFormat RECORD = new RecordFormat(PixelLayout.CHW, RECORD_BYTES, 1);

    private Cifar10Batches() {
    }

    /** True where {@code directory} holds at least one CIFAR-10 batch file. */
    public static boolean present(Path directory) {
        return Files.isRegularFile(directory.resolve(TEST_FILE))
                || TRAIN_FILES.stream().anyMatch(f -> Files.isRegularFile(directory.resolve(f)));
    }

    /**
     * The splits found in {@code directory}: {@code train} (all five data batches) and {@code test}
     * (test_batch.bin), named {@code <name>/<split>}.
     */
    public static Map<String, ImageDataset> open(Path directory, String name) {
        List<String> classNames = classNames(directory);
        List<String> missing = TRAIN_FILES.stream().filter(f -> !Files.isRegularFile(directory.resolve(f))).toList();
        Map<String, ImageDataset> splits = new LinkedHashMap<>();
        if (missing.size() < TRAIN_FILES.size()) {
            if (!missing.isEmpty()) {
                throw new DatasetFormatException(directory, "incomplete CIFAR-10 training set: " + missing
                        + " missing; the training split needs all of " + TRAIN_FILES);
            }
            splits.put("train", read(name + "/train",
                    TRAIN_FILES.stream().map(directory::resolve).toList(), classNames));
        }
        if (Files.isRegularFile(directory.resolve(TEST_FILE))) {
            splits.put("test", read(name + "/test", List.of(directory.resolve(TEST_FILE)), classNames));
        }
        if (splits.isEmpty()) {
            throw new DatasetFormatException(directory, "no CIFAR-10 batch files; expected " + TRAIN_FILES
                    + " and/or " + TEST_FILE);
        }
        return splits;
    }

    /** The batches, in order, as one dataset. */
    public static Uint8ImageDataset read(String name, List<Path> batches, List<String> classNames) {
        if (classNames.size() != ClassNames.CIFAR10.size()) {
            throw new IllegalArgumentException("CIFAR-10 has 10 classes, got " + classNames.size() + " names");
        }
        List<ByteBuffer> segments = new ArrayList<>();
        List<int[]> labelsPerBatch = new ArrayList<>();
        int total = 0;
        for (Path batch : batches) {
            long length = size(batch);
            if (length == 0 || length % RECORD_BYTES != 0) {
                throw new DatasetFormatException(batch, "length " + length + " is not a positive multiple of "
                        + RECORD_BYTES + " bytes (1 label byte + 3072 pixel bytes per record)");
            }
            long records = length / RECORD_BYTES;
            if (total + records > Integer.MAX_VALUE) {
                throw new DatasetFormatException(batch, "more than " + Integer.MAX_VALUE + " images in " + batches);
            }
            List<ByteBuffer> mapped = MappedRecords.map(batch, 0, records, RECORD_BYTES);
            labelsPerBatch.add(labels(batch, mapped, (int) records));
            segments.addAll(mapped);
            total += (int) records;
        }
        int[] labels = new int[total];
        int next = 0;
        for (int[] batchLabels : labelsPerBatch) {
            System.arraycopy(batchLabels, 0, labels, next, batchLabels.length);
            next += batchLabels.length;
        }
        return new Uint8ImageDataset(name, SHAPE, RECORD, segments, labels, classNames);
    }

    private static int[] labels(Path batch, List<ByteBuffer> mapped, int records) {
        int[] labels = new int[records];
        int next = 0;
        for (ByteBuffer segment : mapped) {
            for (int position = 0; position < segment.limit(); position += RECORD_BYTES) {
                int label = segment.get(position) & 0xFF;
                if (label >= ClassNames.CIFAR10.size()) {
                    throw new DatasetFormatException(batch, "label " + label + " of record " + next
                            + " is outside 0..9 (CIFAR-10 has 10 classes)");
                }
                labels[next++] = label;
            }
        }
        return labels;
    }

    /** The names in {@value #META_FILE} where present, else the standard CIFAR-10 names. */
    public static List<String> classNames(Path directory) {
        Path meta = directory.resolve(META_FILE);
        if (!Files.isRegularFile(meta)) {
            return ClassNames.CIFAR10;
        }
        List<String> names;
        try {
            names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta, e);
        }
        if (names.size() != ClassNames.CIFAR10.size()) {
            throw new DatasetFormatException(meta, "holds " + names.size()
                    + " class names; expected 10, one per line");
        }
        return names;
    }

    private static long size(Path batch) {
        try {
            return Files.size(batch);
        } catch (IOException e) {
            throw new DatasetFormatException(batch, "cannot be read: " + e, e);
        }
    }
}
