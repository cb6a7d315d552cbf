package io.cardeck.bench;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.zoo.NearestCentroid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Fits the nearest-centroid baseline on any dataset split and saves it: the model of the memory benchmark. */
@Command(name = "fit-centroid", mixinStandardHelpOptions = true,
        description = "Fits the nearest-class-mean classifier on a dataset split and writes it as ONNX.")
final class CentroidFit implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "NAME-OR-DIR",
            description = "fashion-mnist, mnist, cifar10 or a directory of IDX files or CIFAR-10 batches.")
    String dataset;

    @Option(names = "--split", defaultValue = "train", description = "Split to fit on (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", required = true, paramLabel = "M.onnx", description = "Model file to write.")
    Path out;

    @Override
    public Integer call() {
        DatasetSource source = DatasetCatalog.open(dataset);
        ImageDataset images = source.split(split);
        OnnxModel model = NearestCentroid.fit(images, source.name(), done -> { });
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + " is a directory; --out needs a model file name");
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            model.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model " + out + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().printf("%s: nearest-centroid of %d images of %s (%s), %d classes%n", out, images.size(),
                images.name(), images.shape(), images.classNames().size());
        return 0;
    }
}
