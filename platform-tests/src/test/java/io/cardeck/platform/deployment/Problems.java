package io.cardeck.platform.deployment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a check found wrong, one line each, saying in which file and what; each once, in the order found. */
final class Problems {

    private final Set<String> found = new LinkedHashSet<>();

    void add(String where, String what) {
        found.add(where + ": " + what);
    }

    List<String> list() {
        return List.copyOf(found);
    }
}
