package io.cardeck.data.suite;

import io.cardeck.data.ClassNames;
import io.cardeck.data.DatasetFormatException;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.data.MappedRecords;
import io.cardeck.data.PixelLayout;
import io.cardeck.data.RecordFormat;
import io.cardeck.data.Uint8ImageDataset;
import io.cardeck.data.npy.NpyHeader;
import io.cardeck.data.npy.NpyReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A corruption suite in the CIFAR-10-C layout: one {@code <corruption>.npy} per corruption, uint8
 * of shape (5N, H, W, C) or (5N, H, W), severity as the outer loop (row (s-1)*N + i is image i at
 * severity s), and {@code labels.npy} with the N clean labels stacked 5 times. Published CIFAR-10-C
 * and cardeck's generated suites (which add {@value SuiteManifest#FILE_NAME}) read the same way.
 * Opening reads only headers and labels; each cell is memory-mapped on demand.
 */
public final class CorruptionSuite {

    public static final int SEVERITIES = 5;
    public static final String LABELS_FILE = "labels.npy";

    private final Path directory;
    private final Map<String, NpyHeader> corruptionHeaders;
    private final ImageShape shape;
    private final int imagesPerSeverity;
    /** The N labels of one severity. */
    private final int[] labels;
    private final List<String> classNames;
    private final SuiteManifest manifest;

    private CorruptionSuite(Path directory, Map<String, NpyHeader> corruptionHeaders, ImageShape shape,
                            int imagesPerSeverity, int[] labels, List<String> classNames, SuiteManifest manifest) {
        this.directory = directory;
        this.corruptionHeaders = corruptionHeaders;
        this.shape = shape;
        this.imagesPerSeverity = imagesPerSeverity;
        this.labels = labels;
        this.classNames = classNames;
        this.manifest = manifest;
    }

    /** True where {@code directory} holds a {@value #LABELS_FILE}, the mark of this layout. */
    public static boolean present(Path directory) {
        return Files.isRegularFile(directory.resolve(LABELS_FILE));
    }

    /** Opens and validates the suite in {@code directory}. */
    public static CorruptionSuite open(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new DatasetFormatException(directory, "not a directory; a corruption suite is a directory of "
                    + "<corruption>.npy files and " + LABELS_FILE);
        }
        Path labelsFile = directory.resolve(LABELS_FILE);
        if (!Files.isRegularFile(labelsFile)) {
            throw new DatasetFormatException(labelsFile, "missing; a corruption suite needs " + LABELS_FILE
                    + " next to its <corruption>.npy files");
        }
        Map<String, NpyHeader> headers = new TreeMap<>();
        Path first = null;
        long[] firstDims = null;
        for (Path file : corruptionFiles(directory)) {
            NpyHeader header = NpyReader.readUint8Header(file);
            long[] dims = imageDims(file, header);
            if (first == null) {
                first = file;
                firstDims = dims;
            } else if (!Arrays.equals(dims, firstDims)) {
                throw new DatasetFormatException(file, "shape " + header.shapeText() + " differs from "
                        + first.getFileName() + " " + NpyReader.readHeader(first).shapeText()
                        + "; every corruption file must have the same shape");
            }
            String name = file.getFileName().toString();
            headers.put(name.substring(0, name.length() - ".npy".length()), header);
        }
        if (first == null) {
            throw new DatasetFormatException(directory, "no corruption files; expected <corruption>.npy files"
                    + " (e.g. gaussian_noise.npy) next to " + LABELS_FILE);
        }
        long rows = firstDims[0];
        if (rows == 0 || rows % SEVERITIES != 0) {
            throw new DatasetFormatException(first, rows + " rows; expected 5 x N (the N images at severities"
                    + " 1..5, severity as the outer loop)");
        }
        int perSeverity = (int) (rows / SEVERITIES);
        ImageShape shape = new ImageShape((int) firstDims[3], (int) firstDims[1], (int) firstDims[2]);
        int[] allLabels = NpyReader.readLabels(labelsFile);
        if (allLabels.length != rows) {
            throw new DatasetFormatException(labelsFile, "holds " + allLabels.length + " labels but the corruption"
                    + " files hold " + rows + " rows (5 x " + perSeverity + "); expected one label per row");
        }
        requireStacked(labelsFile, allLabels, perSeverity);
        int[] labels = Arrays.copyOf(allLabels, perSeverity);
        SuiteManifest manifest = null;
        List<String> classNames;
        if (Files.isRegularFile(directory.resolve(SuiteManifest.FILE_NAME))) {
            manifest = SuiteManifest.read(directory);
            requireAgrees(directory.resolve(SuiteManifest.FILE_NAME), manifest, shape, perSeverity, headers);
            classNames = manifest.classNames();
        } else {
            int classes = Arrays.stream(labels).max().orElse(0) + 1;
            classNames = classes == ClassNames.CIFAR10.size() ? ClassNames.CIFAR10 : ClassNames.numbered(classes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classNames.size()) {
                throw new DatasetFormatException(labelsFile, "label " + labels[i] + " at row " + i + " is outside 0.."
                        + (classNames.size() - 1) + " (" + classNames.size() + " classes in "
                        + SuiteManifest.FILE_NAME + ")");
            }
        }
        return new CorruptionSuite(directory, headers, shape, perSeverity, labels, classNames, manifest);
    }

    public Path directory() {
        return directory;
    }

    /** The corruptions present, sorted by name. */
    public List<String> corruptions() {
        return List.copyOf(corruptionHeaders.keySet());
    }

    public ImageShape shape() {
        return shape;
    }

    /** N: images per corruption and severity. */
    public int imagesPerSeverity() {
        return imagesPerSeverity;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The N labels shared by every cell. */
    public int[] labels() {
        return labels.clone();
    }

    public Optional<SuiteManifest> manifest() {
        return Optional.ofNullable(manifest);
    }

    /** The N images of {@code corruption} at {@code severity} (1..5), memory-mapped, named {@code corruption/sS}. */
    public ImageDataset cell(String corruption, int severity) {
        NpyHeader header = corruptionHeaders.get(corruption);
        if (header == null) {
            throw new IllegalArgumentException("unknown corruption '" + corruption + "'; this suite holds "
                    + corruptions());
        }
        if (severity < 1 || severity > SEVERITIES) {
            throw new IllegalArgumentException("severity " + severity + " is outside 1.." + SEVERITIES);
        }
        int rowBytes = shape.size();
        long start = header.dataOffset() + (long) (severity - 1) * imagesPerSeverity * rowBytes;
        Path file = directory.resolve(corruption + ".npy");
        return new Uint8ImageDataset(corruption + "/s" + severity, shape, new RecordFormat(PixelLayout.HWC, rowBytes, 0),
                MappedRecords.map(file, start, imagesPerSeverity, rowBytes), labels, classNames);
    }

    private static List<Path> corruptionFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".npy"))
                    .filter(f -> !f.getFileName().toString().equals(LABELS_FILE))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** [rows, height, width, channels] of a (rows, H, W, C) or (rows, H, W) image array. */
    private static long[] imageDims(Path file, NpyHeader header) {
        if (header.rank() != 3 && header.rank() != 4) {
            throw new DatasetFormatException(file, "shape " + header.shapeText() + "; expected (5N, H, W, C) or"
                    + " (5N, H, W) images");
        }
        long channels = header.rank() == 4 ? header.dim(3) : 1;
        if (channels != 1 && channels != 3) {
            throw new DatasetFormatException(file, "shape " + header.shapeText() + " has " + channels
                    + " channels; accepted 1 (gray) or 3 (RGB), as the last axis");
        }
        long height = header.dim(1);
        long width = header.dim(2);
        boolean fits = height >= 1 && width >= 1 && height <= Integer.MAX_VALUE && width <= Integer.MAX_VALUE
                && height * width <= Integer.MAX_VALUE / channels
                && header.dim(0) <= (long) Integer.MAX_VALUE * SEVERITIES;
        if (!fits) {
            throw new DatasetFormatException(file, "shape " + header.shapeText() + " is outside what is accepted:"
                    + " height and width >= 1, at most " + Integer.MAX_VALUE + " pixels per image and "
                    + Integer.MAX_VALUE + " images per severity");
        }
        return new long[] {header.dim(0), height, width, channels};
    }

    private static void requireStacked(Path labelsFile, int[] labels, int perSeverity) {
        for (int s = 2; s <= SEVERITIES; s++) {
            int base = (s - 1) * perSeverity;
            if (!Arrays.equals(labels, base, base + perSeverity, labels, 0, perSeverity)) {
                int i = Arrays.mismatch(labels, base, base + perSeverity, labels, 0, perSeverity);
                throw new DatasetFormatException(labelsFile, "labels are not the " + perSeverity
                        + " clean labels stacked " + SEVERITIES + " times: row " + (base + i) + " (severity " + s
                        + ", image " + i + ") is " + labels[base + i] + " but severity 1 has " + labels[i]);
            }
        }
    }

    private static void requireAgrees(Path file, SuiteManifest manifest, ImageShape shape, int perSeverity,
                                      Map<String, NpyHeader> headers) {
        if (!manifest.imageShape().equals(shape)) {
            throw new DatasetFormatException(file, "shape " + manifest.shape() + " but the .npy files hold "
                    + shape + " images");
        }
        if (manifest.imagesPerSeverity() != perSeverity) {
            throw new DatasetFormatException(file, "imagesPerSeverity " + manifest.imagesPerSeverity()
                    + " but the .npy files hold " + perSeverity + " per severity");
        }
        if (!new HashSet<>(manifest.corruptions()).equals(headers.keySet())) {
            throw new DatasetFormatException(file, "lists corruptions " + manifest.corruptions()
                    + " but the directory holds " + headers.keySet());
        }
    }
}
