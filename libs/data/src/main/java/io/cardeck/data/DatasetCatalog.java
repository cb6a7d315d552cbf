package io.cardeck.data;

import io.cardeck.data.cifar.Cifar10Batches;
import io.cardeck.data.idx.IdxReader;
import io.cardeck.data.suite.CorruptionSuite;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a dataset by name ({@code fashion-mnist}, {@code mnist}, {@code cifar10}) or by directory,
 * recognising the directory's format by its file names.
 */
public final class DatasetCatalog {

    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String MNIST = "mnist";
    public static final String CIFAR10 = "cifar10";
    public static final List<String> NAMES = List.of(FASHION_MNIST, MNIST, CIFAR10);

    public static final String FASHION_MNIST_VARIABLE = "CARDECK_FASHION_MNIST_DIR";
    public static final String MNIST_VARIABLE = "CARDECK_MNIST_DIR";
    public static final String CIFAR10_VARIABLE = "CARDECK_CIFAR10_DIR";
    public static final Path FASHION_MNIST_DEFAULT = Path.of("/usr/share/datasets/fashion-mnist");
    public static final Path MNIST_DEFAULT = Path.of("/usr/share/datasets/mnist");

    /** IDX split name to the file-name prefix of its images and labels. */
    private static final Map<String, String> IDX_SPLITS = Map.of("train", "train", "test", "t10k");

    private static final String ACCEPTED = "Accepted: a dataset name (" + String.join(", ", NAMES) + ") or a"
            + " directory holding IDX files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
            + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), CIFAR-10 binary batches ("
            + String.join(", ", Cifar10Batches.TRAIN_FILES) + ", " + Cifar10Batches.TEST_FILE + ") or a"
            + " corruption suite (" + CorruptionSuite.LABELS_FILE + " and <corruption>.npy files). "
            + FASHION_MNIST + " is read from $" + FASHION_MNIST_VARIABLE + " or " + FASHION_MNIST_DEFAULT
            + " (Debian package dataset-fashion-mnist), " + MNIST + " from $" + MNIST_VARIABLE + " or "
            + MNIST_DEFAULT + ", " + CIFAR10 + " from $" + CIFAR10_VARIABLE + ".";

    private final Map<String, String> environment;

    /** A catalog that resolves names through {@code environment} (normally {@link System#getenv()}). */
    public DatasetCatalog(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** {@link #source(String)} with the process environment. */
    public static DatasetSource open(String nameOrDirectory) {
        return new DatasetCatalog(System.getenv()).source(nameOrDirectory);
    }

    /**
     * The dataset named {@code nameOrDirectory}, or the one in that directory. Unknown names and
     * missing directories: IllegalArgumentException saying what is accepted; bad files:
     * {@link DatasetFormatException}.
     */
    public DatasetSource source(String nameOrDirectory) {
        switch (nameOrDirectory) {
            case FASHION_MNIST:
                return idx(FASHION_MNIST, existing(FASHION_MNIST, FASHION_MNIST_VARIABLE, FASHION_MNIST_DEFAULT,
                        " Install the Debian package dataset-fashion-mnist, or set " + FASHION_MNIST_VARIABLE
                                + " to a directory holding the Fashion-MNIST IDX files."), ClassNames.FASHION_MNIST);
            case MNIST:
                return idx(MNIST, existing(MNIST, MNIST_VARIABLE, MNIST_DEFAULT, " Set " + MNIST_VARIABLE
                        + " to a directory holding the MNIST IDX files."), ClassNames.DIGITS);
            case CIFAR10:
                Path cifar = existing(CIFAR10, CIFAR10_VARIABLE, null, " It must hold the CIFAR-10 binary batches"
                        + " (cifar-10-batches-bin: data_batch_1.bin .. " + Cifar10Batches.TEST_FILE + ").");
                if (!Cifar10Batches.present(cifar)) {
                    throw new IllegalArgumentException(CIFAR10 + ": " + cifar + " (from " + CIFAR10_VARIABLE
                            + ") holds no CIFAR-10 binary batches; expected " + Cifar10Batches.TRAIN_FILES + " and/or "
                            + Cifar10Batches.TEST_FILE + ".");
                }
                return DatasetSource.ofSplits(CIFAR10, DatasetKind.CIFAR10, cifar, Cifar10Batches.open(cifar, CIFAR10));
            default:
                return directory(nameOrDirectory);
        }
    }

    private DatasetSource directory(String argument) {
        Path directory;
        try {
            directory = Path.of(argument).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + argument + "' is neither a dataset name nor a directory. "
                    + ACCEPTED, e);
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("'" + argument + "' is neither a dataset name nor an existing"
                    + " directory. " + ACCEPTED);
        }
        String name = directory.getFileName() == null ? directory.toString() : directory.getFileName().toString();
        if (CorruptionSuite.present(directory)) {
            return DatasetSource.ofSuite(name, directory, CorruptionSuite.open(directory));
        }
        if (Cifar10Batches.present(directory)) {
            return DatasetSource.ofSplits(name, DatasetKind.CIFAR10, directory, Cifar10Batches.open(directory, name));
        }
        if (IDX_SPLITS.values().stream().anyMatch(prefix -> idxFile(directory, prefix, "images", 3).isPresent())) {
            boolean fashion = name.toLowerCase(Locale.ROOT).contains("fashion");
            return idx(name, directory, fashion ? ClassNames.FASHION_MNIST : ClassNames.DIGITS);
        }
        throw new IllegalArgumentException(directory + " holds no dataset cardeck recognises. " + ACCEPTED);
    }

    /** The directory in {@code variable}, else {@code fallback} (null: the variable is required); it must exist. */
    private Path existing(String name, String variable, Path fallback, String hint) {
        String configured = environment.get(variable);
        boolean set = configured != null && !configured.isBlank();
        if (!set && fallback == null) {
            throw new IllegalArgumentException(name + ": set " + variable + " to its directory." + hint);
        }
        Path directory = set ? Path.of(configured) : fallback;
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(name + ": directory " + directory + " does not exist"
                    + (set ? " (from " + variable + ")" : "") + "." + hint + " " + ACCEPTED);
        }
        return directory;
    }

    private static DatasetSource idx(String name, Path directory, List<String> classNames) {
        Map<String, ImageDataset> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            String prefix = IDX_SPLITS.get(split);
            Optional<Path> images = idxFile(directory, prefix, "images", 3);
            if (images.isEmpty()) {
                continue;
            }
            Path labels = idxFile(directory, prefix, "labels", 1).orElseThrow(() -> new DatasetFormatException(
                    images.get(), "has no labels file " + prefix + "-labels-idx1-ubyte[.gz] next to it"));
            splits.put(split, IdxReader.read(name + "/" + split, images.get(), labels, classNames));
        }
        if (splits.isEmpty()) {
            throw new IllegalArgumentException(name + ": " + directory + " holds no IDX files; expected "
                    + "train-images-idx3-ubyte[.gz] and t10k-images-idx3-ubyte[.gz] with their labels files.");
        }
        return DatasetSource.ofSplits(name, DatasetKind.IDX, directory, splits);
    }

    /** The raw file where present (it is memory-mapped), else the gzip one. */
    private static Optional<Path> idxFile(Path directory, String prefix, String content, int dimensions) {
        String base = prefix + "-" + content + "-idx" + dimensions + "-ubyte";
        return List.of(base, base + ".gz").stream().map(directory::resolve).filter(Files::isRegularFile).findFirst();
    }
}
