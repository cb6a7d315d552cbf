package io.cardeck.bench;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.cifar.Cifar10Batches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes a dataset in the CIFAR-10 binary layout from Fashion-MNIST, so that CIFAR-10-sized runs go
 * through the real CIFAR-10 reader on a machine without CIFAR-10: the training images fill
 * data_batch_1..5.bin, the test images test_batch.bin (records of 1 label byte + 3072 CHW bytes, the
 * gray padded to 32x32 and copied into 3 channels), the class names batches.meta.txt.
 */
@Command(name = "fashion-cifar10", mixinStandardHelpOptions = true,
        description = "Writes Fashion-MNIST as CIFAR-10 binary batches (3x32x32: padded by 2 px, gray in 3 channels).")
final class FashionCifar10 implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final int BATCHES = Cifar10Batches.TRAIN_FILES.size();

    @Option(names = "--source", defaultValue = DatasetCatalog.FASHION_MNIST, paramLabel = "NAME-OR-DIR",
            description = "Gray 1x28x28 dataset with train and test splits (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the batches to.")
    Path out;

    @Option(names = "--train-images", defaultValue = "50000", paramLabel = "N",
            description = "First N training images, split over the 5 data batches; a multiple of 5 (default: ${DEFAULT-VALUE}).")
    int trainImages;

    @Option(names = "--test-images", defaultValue = "10000", paramLabel = "N",
            description = "First N test images in test_batch.bin (default: ${DEFAULT-VALUE}).")
    int testImages;

    @Override
    public Integer call() {
        DatasetSource gray = DatasetCatalog.open(source);
        write(gray.split("train"), trainImages, gray.split("test"), testImages, out);
        spec.commandLine().getOut().printf("%s: %d training images in %d batches, %d test images, classes %s%n", out, trainImages,
                BATCHES, testImages, gray.split("train").classNames());
        return 0;
    }

    /** Writes the first {@code trainCount} of {@code train} and the first {@code testCount} of {@code test} to {@code directory}. */
    static void write(ImageDataset train, int trainCount, ImageDataset test, int testCount, Path directory) {
        PaddedRgb.requireGray(train);
        PaddedRgb.requireGray(test);
        if (trainCount < BATCHES || trainCount % BATCHES != 0) {
            throw new IllegalArgumentException("--train-images must be a positive multiple of " + BATCHES
                    + " (one share per data batch), got " + trainCount);
        }
        requireAvailable(train, trainCount, "--train-images");
        requireAvailable(test, testCount, "--test-images");
        if (train.classNames().size() != 10 || !train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("CIFAR-10 batches hold 10 classes; " + train.name() + " has "
                    + train.classNames() + " and " + test.name() + " has " + test.classNames());
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new IllegalArgumentException(directory + " exists and is not a directory; --out needs a directory");
        }
        try {
            Files.createDirectories(directory);
            int perBatch = trainCount / BATCHES;
            for (int b = 0; b < BATCHES; b++) {
                writeBatch(train, b * perBatch, perBatch, directory.resolve(Cifar10Batches.TRAIN_FILES.get(b)));
            }
            writeBatch(test, 0, testCount, directory.resolve(Cifar10Batches.TEST_FILE));
            Files.write(directory.resolve(Cifar10Batches.META_FILE),
                    (String.join("\n", train.classNames()) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CIFAR-10 batches to " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void requireAvailable(ImageDataset dataset, int count, String option) {
        if (count < 1 || count > dataset.size()) {
            throw new IllegalArgumentException(option + " must be in 1.." + dataset.size() + " (" + dataset.name()
                    + " holds " + dataset.size() + " images), got " + count);
        }
    }

    /** One batch file, written whole to a temporary name and then renamed, so a reader never sees half a batch. */
    private static void writeBatch(ImageDataset images, int from, int count, Path file) throws IOException {
        byte[] gray = new byte[PaddedRgb.GRAY.size()];
        byte[] records = new byte[Math.multiplyExact(count, Cifar10Batches.RECORD_BYTES)];
        for (int i = 0; i < count; i++) {
            int record = i * Cifar10Batches.RECORD_BYTES;
            records[record] = (byte) images.label(from + i);
            images.readPixels(from + i, gray, 0);
            PaddedRgb.pad(gray, 0, records, record + 1);
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.write(partial, records);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
