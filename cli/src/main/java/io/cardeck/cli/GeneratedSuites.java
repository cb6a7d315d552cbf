package io.cardeck.cli;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.robustness.suite.SuiteGenerator;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteRequest;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;

/** The corruption suites the commands generate from a dataset's test split, once, under CARDECK_HOME/suites. */
final class GeneratedSuites {

    private GeneratedSuites() {}

    /** The suite of {@code test} (a test split or its first images), generated if it is not there yet. */
    static CorruptionSuite ofTestImages(String dataset, ImageDataset test, long seed) {
        Path directory = DemoCommand.suiteDirectory(dataset, test.size(), seed);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try {
            CorruptCommand.generate(new SuiteGenerator(pool), new SuiteRequest(test, dataset, "test",
                    CliArguments.corruptions(null, test.shape().channels()), seed), directory);
        } finally {
            pool.shutdown();
        }
        return CorruptionSuite.open(directory);
    }
}
