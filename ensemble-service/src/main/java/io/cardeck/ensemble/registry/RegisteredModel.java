package io.cardeck.ensemble.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A model as the registry describes it, as far as a deck needs it.
 *
 * @param inputShape the image shape after the batch dimension, [C, H, W]
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisteredModel(String id, String name, String dataset, List<String> labels, String sha256,
                              List<Integer> inputShape) {
}
