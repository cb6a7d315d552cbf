package io.cardeck.cli;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.suite.SuiteGenerator;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteRequest;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "corrupt", mixinStandardHelpOptions = true,
        description = {"Writes the corruption suite of a dataset split in the CIFAR-10-C layout: <corruption>.npy "
                + "(uint8 NHWC, 5 severities stacked) + labels.npy + suite.json.",
                "Cached: files already generated with the same parameters are kept; an interrupted run resumes."})
final class CorruptCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "NAME-OR-DIR", description = "fashion-mnist, mnist, cifar10 or a directory.")
    String dataset;

    @Option(names = "--split", defaultValue = "test", description = "Split to corrupt (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Use the first N images (default: all).")
    int limit;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random corruptions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--corruptions", split = ",", paramLabel = "NAME",
            description = "Corruptions to generate (default: all defined for the images' channels; see `cardeck corruptions list`).")
    List<String> corruptionNames;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        CliArguments.requireNonNegative("--limit", limit);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : CliArguments.requirePositive("--threads", threads);
        DatasetSource source = DatasetCatalog.open(dataset);
        ImageDataset images = source.split(split).firstImages(limit);
        List<Corruption> corruptions = CliArguments.corruptions(corruptionNames, images.shape().channels());
        SuiteRequest request = new SuiteRequest(images, source.name(), split, corruptions, seed);
        ForkJoinPool pool = new ForkJoinPool(workers);
        try {
            SuiteResult result = generate(new SuiteGenerator(pool), request, out);
            Output.print(spec, json, result, r -> String.format("%s: %d corruptions x 5 severities x %d images (%s generated now, %s cached)%n",
                    r.directory(), r.manifest().corruptions().size(), r.manifest().imagesPerSeverity(),
                    r.generated().size(), r.manifest().corruptions().size() - r.generated().size()));
        } finally {
            pool.shutdown();
        }
    }

    /** Generates with a progress bar; shared with the demo. */
    static SuiteResult generate(SuiteGenerator generator, SuiteRequest request, Path out) {
        long pending = generator.pendingImages(request, out);
        if (pending == 0) {
            return generator.generate(request, out, done -> { });
        }
        try (ProgressBar bar = ProgressBars.start("corrupting", pending, "img")) {
            return generator.generate(request, out, bar::stepBy);
        }
    }
}
