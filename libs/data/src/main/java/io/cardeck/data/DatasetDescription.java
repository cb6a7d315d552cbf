package io.cardeck.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cardeck.data.suite.SuiteManifest;
import java.util.List;

/**
 * What {@code cardeck datasets info} shows about a dataset: plain records for JSON. {@code splits}
 * is empty and {@code suite} set for a corruption suite; {@code suite} is absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetDescription(String name, DatasetKind kind, String directory, List<Split> splits, Suite suite) {

    /** One split; {@code classCounts[k]} images carry label k. Shape is [channels, height, width]. */
    public record Split(String name, int count, List<Integer> shape, List<String> classes, List<Integer> classCounts) {
    }

    /** A corruption suite; {@code classCounts} counts the labels of one severity. {@code manifest} is absent without suite.json. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Suite(List<String> corruptions, int imagesPerSeverity, List<Integer> shape, List<String> classes,
                        List<Integer> classCounts, SuiteManifest manifest) {
    }
}
