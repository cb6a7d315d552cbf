package io.cardeck.data;

import io.cardeck.data.suite.CorruptionSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A dataset found by {@link DatasetCatalog}: its splits (IDX, CIFAR-10) or its corruption suite. */
public final class DatasetSource {

    private final String name;
    private final DatasetKind kind;
    private final Path directory;
    private final Map<String, ImageDataset> splits;
    private final CorruptionSuite suite;

    private DatasetSource(String name, DatasetKind kind, Path directory, Map<String, ImageDataset> splits,
                          CorruptionSuite suite) {
        this.name = name;
        this.kind = kind;
        this.directory = directory;
        this.splits = Collections.unmodifiableMap(new LinkedHashMap<>(splits));
        this.suite = suite;
    }

    static DatasetSource ofSplits(String name, DatasetKind kind, Path directory, Map<String, ImageDataset> splits) {
        return new DatasetSource(name, kind, directory, splits, null);
    }

    static DatasetSource ofSuite(String name, Path directory, CorruptionSuite suite) {
        return new DatasetSource(name, DatasetKind.CORRUPTION_SUITE, directory, Map.of(), suite);
    }

    public String name() {
        return name;
    }

    public DatasetKind kind() {
        return kind;
    }

    public Path directory() {
        return directory;
    }

    /** {@code train} and/or {@code test} for IDX and CIFAR-10, in that order; empty for a suite. */
    public Map<String, ImageDataset> splits() {
        return splits;
    }

    /** The named split; IllegalArgumentException naming the splits there are. */
    public ImageDataset split(String split) {
        ImageDataset dataset = splits.get(split);
        if (dataset == null) {
            throw new IllegalArgumentException(name + " has no split '" + split + "'; it has "
                    + (splits.isEmpty() ? "none (it is a corruption suite)" : splits.keySet()));
        }
        return dataset;
    }

    /** The corruption suite, for kind {@link DatasetKind#CORRUPTION_SUITE}. */
    public Optional<CorruptionSuite> suite() {
        return Optional.ofNullable(suite);
    }

    /** Counts, shapes and classes; reads every label once. */
    public DatasetDescription describe() {
        List<DatasetDescription.Split> described = new ArrayList<>();
        for (Map.Entry<String, ImageDataset> split : splits.entrySet()) {
            ImageDataset dataset = split.getValue();
            described.add(new DatasetDescription.Split(split.getKey(), dataset.size(), dims(dataset.shape()),
                    dataset.classNames(), classCounts(dataset.labels(0, dataset.size()), dataset.classNames().size())));
        }
        DatasetDescription.Suite suiteDescription = suite == null ? null : new DatasetDescription.Suite(
                suite.corruptions(), suite.imagesPerSeverity(), dims(suite.shape()), suite.classNames(),
                classCounts(suite.labels(), suite.classNames().size()), suite.manifest().orElse(null));
        return new DatasetDescription(name, kind, directory.toString(), described, suiteDescription);
    }

    private static List<Integer> dims(ImageShape shape) {
        return List.of(shape.channels(), shape.height(), shape.width());
    }

    private static List<Integer> classCounts(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        List<Integer> list = new ArrayList<>(classes);
        for (int count : counts) {
            list.add(count);
        }
        return List.copyOf(list);
    }

    @Override
    public String toString() {
        return name + " (" + kind + ", " + directory + ")";
    }
}
