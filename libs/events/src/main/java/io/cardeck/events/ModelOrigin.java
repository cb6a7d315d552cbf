package io.cardeck.events;

import java.util.List;
import java.util.Locale;

/** How a model came to cardeck. */
public enum ModelOrigin {
    UPLOAD,
    ZOO,
    PRUNED;

    /** What a registration (an upload to the gateway or to the registry) may name: PRUNED is given by prune jobs only. */
    public static final List<ModelOrigin> REGISTERED = List.of(UPLOAD, ZOO);

    /**
     * The origin a registration names, as the gateway and the registry read it: UPLOAD when none is
     * given (null or blank), else UPLOAD or ZOO, in any case and with surrounding blanks ignored.
     *
     * @throws IllegalArgumentException for PRUNED or an unknown origin, saying what is accepted
     */
    public static ModelOrigin ofRegistration(String origin) {
        if (origin == null || origin.isBlank()) {
            return UPLOAD;
        }
        String accepted = "accepted: UPLOAD (the default) or ZOO";
        String name = origin.strip().toUpperCase(Locale.ROOT);
        if (name.equals(PRUNED.name())) {
            throw new IllegalArgumentException("origin PRUNED is given by prune jobs only; " + accepted);
        }
        for (ModelOrigin known : REGISTERED) {
            if (known.name().equals(name)) {
                return known;
            }
        }
        throw new IllegalArgumentException("origin '" + origin + "' is not accepted; " + accepted);
    }
}
