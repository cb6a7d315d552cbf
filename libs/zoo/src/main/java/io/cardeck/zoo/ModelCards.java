package io.cardeck.zoo;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A model card (Mitchell et al., 2019, in short) for each model of the zoo manifest, written from
 * the manifest alone: what the model is for, the data it was trained on, how it was made (the
 * command that rebuilds it), its figures with how they were measured, and its licence.
 */
public final class ModelCards {

    static final String LICENCE = "Apache License 2.0 (the repository's LICENSE); trained on Fashion-MNIST"
            + " (Xiao, Rasul and Vollgraf, 2017, MIT licence).";

    private static final List<String> FAMILIES = List.of("noise", "blur", "weather", "digital");

    private ModelCards() {}

    /**
     * The card of the zoo model or CARD named {@code name}.
     *
     * @throws NoSuchElementException naming the models the manifest has, if it has none of that name
     */
    public static String of(ZooManifest manifest, String name) {
        for (ZooEntry entry : manifest.models()) {
            if (entry.name().equals(name)) {
                return dense(entry);
            }
        }
        for (CardEntry card : manifest.cards()) {
            if (card.name().equals(name)) {
                return card(card, manifest.entry(card.parent()).orElse(null));
            }
        }
        throw new NoSuchElementException("the zoo manifest has no model '" + name + "'; it has: "
                + manifest.models().stream().map(ZooEntry::name).toList() + " and the CARDs "
                + manifest.cards().stream().map(CardEntry::name).toList());
    }

    private static String dense(ZooEntry entry) {
        StringBuilder text = new StringBuilder();
        text.append("# Model card: ").append(entry.name()).append("\n\n");
        text.append("- **What it is**: a dense image classifier of the cardeck zoo, the parent that pruning methods and")
                .append(" CARDs start from, and a member of the demo's deck.\n");
        text.append("- **Architecture**: `").append(entry.architecture()).append("`\n");
        text.append(String.format(Locale.ROOT, "- **Parameters**: %,d (BatchNorm running statistics not counted)%n",
                entry.parameters()));
        text.append("- **File**: `models/").append(entry.file()).append("`, SHA-256 `").append(entry.sha256()).append("`\n");
        text.append("\n## Training\n\n");
        text.append(String.format(Locale.ROOT, "- **Data**: the %s training split (60,000 images); augmentation domain `%s`%n",
                entry.dataset(), entry.augmentation()));
        text.append(String.format(Locale.ROOT, "- **Recipe**: %d epochs, batch %d, peak learning rate %s, seed %d; %.0f s of"
                        + " training (trained %s)%n", entry.epochs(), entry.batchSize(), entry.learningRate(), entry.seed(),
                entry.trainingSeconds(), entry.trainedAt()));
        text.append("- **Rebuild**: `").append(entry.command()).append("`\n");
        figures(text, entry.testAccuracy(), entry.robustAccuracy(), null, entry.suiteImages(), entry.suiteSeed());
        return limits(text).toString();
    }

    private static String card(CardEntry card, ZooEntry parent) {
        StringBuilder text = new StringBuilder();
        text.append("# Model card: ").append(card.name()).append("\n\n");
        text.append("- **What it is**: a pruned model of the cardeck zoo (a CARD when pruned by `lrr`: compact,")
                .append(" accurate, robust), a member of the deck of CARDs\n");
        text.append("- **Pruned from**: `").append(card.parent()).append('`');
        if (parent != null) {
            text.append(String.format(Locale.ROOT, " (%,d parameters, %.2f%% clean, %s robust)", parent.parameters(),
                    100 * parent.testAccuracy(), parent.robustAccuracy() == null ? "-"
                            : String.format(Locale.ROOT, "%.2f%%", 100 * parent.robustAccuracy())));
        }
        text.append('\n');
        text.append(String.format(Locale.ROOT, "- **Sparsity**: %.1f%% of the Conv and Gemm weights are zero; %,d non-zero"
                + " parameters; %,d bytes gzip-compressed%n", 100 * card.weightSparsity(), card.nonZeroParameters(),
                card.gzipBytes()));
        text.append("- **File**: `models/").append(card.file()).append("`, SHA-256 `").append(card.sha256()).append("`\n");
        text.append("\n## Pruning\n\n");
        text.append("- **Method**: `").append(card.method()).append("` with the parameters (defaults included):\n\n");
        new TreeMap<>(card.parameters()).forEach((key, value) -> text.append("  - `").append(key).append("`: `")
                .append(value).append("`\n"));
        text.append("\n- **Data**: calibration, training and held-out images from the training split only\n");
        text.append("- **Rebuild**: `").append(card.command()).append("`\n");
        figures(text, card.testAccuracy(), card.robustAccuracy(), card.families(), card.suiteImages(), card.suiteSeed());
        return limits(text).toString();
    }

    private static void figures(StringBuilder text, double clean, Double robust, Map<String, Double> families, int images,
                                long seed) {
        text.append("\n## Figures\n\n");
        text.append(String.format(Locale.ROOT, "- **Clean accuracy**: %.2f%% on the whole test split%n", 100 * clean));
        if (robust != null) {
            text.append(String.format(Locale.ROOT, "- **Robust accuracy**: %.2f%%, the mean over the 15 standard corruptions"
                    + " x 5 severities of the first %d test images (generated suite, seed %d; docs/corruptions.md)%n",
                    100 * robust, images, seed));
        }
        if (families != null && !families.isEmpty()) {
            text.append("- **Per corruption family**:");
            families.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, Double> e) -> familyOrder(e.getKey()))
                            .thenComparing(Map.Entry::getKey))
                    .forEach(e -> text.append(String.format(Locale.ROOT, " %s %.2f%%;", e.getKey(), 100 * e.getValue())));
            text.setLength(text.length() - 1);
            text.append('\n');
        }
    }

    /** The families in the order reports give them (the manifest's map has none). */
    private static int familyOrder(String family) {
        int index = FAMILIES.indexOf(family);
        return index < 0 ? FAMILIES.size() : index;
    }

    private static StringBuilder limits(StringBuilder text) {
        text.append("\n## Use and limits\n\n");
        text.append("- Input: 1x28x28 float32 in [0, 1], NCHW, normalisation inside the graph; the ten Fashion-MNIST")
                .append(" classes (labels in the model's metadata).\n");
        text.append("- Measured on synthetic corruptions of Fashion-MNIST test images only; other data, other")
                .append(" corruptions or real-world shifts are not covered by these figures.\n");
        text.append("\n## Licence\n\n").append(LICENCE).append('\n');
        return text;
    }
}
