package io.cardeck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.zoo.CardEntry;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The zoo models the demo's decks are made of: one architecture's dense models of the standard, gauss
 * and augmix domains, and its LRR CARDs of those domains. The architecture with the most of the
 * three dense domains is chosen, then the one with the most CARD domains, then the larger one
 * (ResNet-20, then the small VGG, then LeNet-5).
 *
 * @param cards per domain, the LRR CARD pruned from that domain's dense model, all at the highest
 *              target sparsity that every domain has a CARD of (empty when no sparsity has all)
 */
record DeckModels(String architecture, Map<String, ZooEntry> byDomain, Map<String, CardEntry> cards) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LRR = "lrr";
    private static final List<String> PREFERENCE = List.of("resnet20", "vgg-small", "lenet5");

    /** @param folder where the manifest was read, for the message when it holds no such model */
    static DeckModels choose(ZooManifest manifest, Path folder) {
        Map<String, Map<String, ZooEntry>> byArchitecture = new LinkedHashMap<>();
        for (ZooEntry entry : manifest.models()) {
            String domain = entry.augmentation().replace("+jsd", "");
            if (DemoCommand.DOMAINS.contains(domain)) {
                byArchitecture.computeIfAbsent(architectureOf(entry), a -> new LinkedHashMap<>()).putIfAbsent(domain, entry);
            }
        }
        if (byArchitecture.isEmpty()) {
            throw new IllegalStateException("the zoo manifest in " + folder + " has no model of the domains "
                    + DemoCommand.DOMAINS + "; train one with ./cardeck zoo train (models/README.md)");
        }
        Map<String, Map<String, CardEntry>> cardsByArchitecture = new LinkedHashMap<>();
        byArchitecture.forEach((architecture, dense) -> cardsByArchitecture.put(architecture, cards(manifest, dense)));
        String chosen = byArchitecture.keySet().stream()
                .max(Comparator.<String>comparingInt(a -> byArchitecture.get(a).size())
                        .thenComparingInt(a -> cardsByArchitecture.get(a).size())
                        .thenComparingInt(a -> -rank(a)))
                .orElseThrow();
        Map<String, ZooEntry> ordered = new LinkedHashMap<>();
        for (String domain : DemoCommand.DOMAINS) {
            ZooEntry entry = byArchitecture.get(chosen).get(domain);
            if (entry != null) {
                ordered.put(domain, entry);
            }
        }
        return new DeckModels(chosen, ordered, cardsByArchitecture.get(chosen));
    }

    /** Per domain, the LRR CARD of {@code dense}'s model at the highest target sparsity that all of them have. */
    static Map<String, CardEntry> cards(ZooManifest manifest, Map<String, ZooEntry> dense) {
        Map<Double, Map<String, CardEntry>> byTarget = new TreeMap<>(Comparator.reverseOrder());
        dense.forEach((domain, entry) -> manifest.cards().stream()
                .filter(card -> card.method().equals(LRR) && card.parent().equals(entry.name())
                        && card.parameters().get("targetSparsity") instanceof Number)
                .forEach(card -> byTarget.computeIfAbsent(((Number) card.parameters().get("targetSparsity")).doubleValue(),
                        target -> new LinkedHashMap<>()).putIfAbsent(domain, card)));
        return byTarget.values().stream().filter(cards -> cards.size() == dense.size()).findFirst().map(cards -> {
            Map<String, CardEntry> ordered = new LinkedHashMap<>();
            dense.keySet().forEach(domain -> ordered.put(domain, cards.get(domain)));
            return ordered;
        }).orElse(Map.of());
    }

    private static int rank(String architecture) {
        int index = PREFERENCE.indexOf(architecture);
        return index < 0 ? PREFERENCE.size() : index;
    }

    static String architectureOf(ZooEntry entry) {
        try {
            return JSON.readTree(entry.architecture()).path("architecture").asText(entry.name());
        } catch (IOException e) {
            throw new IllegalStateException("zoo entry " + entry.name() + " has an unreadable architecture: " + entry.architecture(), e);
        }
    }

    String describe() {
        return byDomain.values().stream().map(ZooEntry::name).collect(Collectors.joining(", "));
    }

    String describeCards() {
        return cards.isEmpty() ? "no CARD set (an LRR CARD of each dense member at one sparsity; models/cards/build.sh)"
                : cards.values().stream().map(CardEntry::name).collect(Collectors.joining(", "));
    }
}
