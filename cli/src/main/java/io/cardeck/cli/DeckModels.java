package io.cardeck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The zoo models the demo's deck is made of: one architecture's models of the standard, gauss and
 * augmix domains. The architecture with the most of the three domains is chosen, the larger one
 * (ResNet-20, then the small VGG, then LeNet-5) on a tie.
 */
record DeckModels(String architecture, Map<String, ZooEntry> byDomain) {

    private static final ObjectMapper JSON = new ObjectMapper();
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
        String chosen = byArchitecture.keySet().stream()
                .max(Comparator.<String>comparingInt(a -> byArchitecture.get(a).size())
                        .thenComparingInt(a -> -rank(a)))
                .orElseThrow();
        Map<String, ZooEntry> ordered = new LinkedHashMap<>();
        for (String domain : DemoCommand.DOMAINS) {
            ZooEntry entry = byArchitecture.get(chosen).get(domain);
            if (entry != null) {
                ordered.put(domain, entry);
            }
        }
        return new DeckModels(chosen, ordered);
    }

    private static int rank(String architecture) {
        int index = PREFERENCE.indexOf(architecture);
        return index < 0 ? PREFERENCE.size() : index;
    }

    private static String architectureOf(ZooEntry entry) {
        try {
            return JSON.readTree(entry.architecture()).path("architecture").asText(entry.name());
        } catch (IOException e) {
            throw new IllegalStateException("zoo entry " + entry.name() + " has an unreadable architecture: " + entry.architecture(), e);
        }
    }

    String describe() {
        return byDomain.values().stream().map(ZooEntry::name).collect(Collectors.joining(", "));
    }
}
