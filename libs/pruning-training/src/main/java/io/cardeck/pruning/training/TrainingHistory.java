package io.cardeck.pruning.training;

import io.cardeck.trainer.EpochResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** An epoch as the lineage records it. */
public final class TrainingHistory {

    private TrainingHistory() {}

    public static Map<String, Object> of(EpochResult epoch) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("epoch", epoch.epoch());
        entry.put("loss", epoch.loss());
        entry.put("trainAccuracy", epoch.accuracy());
        epoch.heldOut().ifPresent(e -> entry.put("heldOutAccuracy", e.accuracy()));
        entry.put("seconds", epoch.seconds());
        return entry;
    }
}
