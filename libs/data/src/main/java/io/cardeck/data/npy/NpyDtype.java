package io.cardeck.data.npy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The element types cardeck reads from .npy files: uint8 pixels and labels, little-endian int32/int64 labels. */
public enum NpyDtype {
    UINT8(1, List.of("|u1", "<u1", "u1")),
    INT32(4, List.of("<i4")),
    INT64(8, List.of("<i8"));

    private final int itemSize;
    private final List<String> descriptions;

    NpyDtype(int itemSize, List<String> descriptions) {
        this.itemSize = itemSize;
        this.descriptions = descriptions;
    }

    public int itemSize() {
        return itemSize;
    }

    /** The {@code descr} numpy writes for this type. */
    public String description() {
        return descriptions.get(0);
    }

    public static Optional<NpyDtype> ofDescription(String descr) {
        return Arrays.stream(values()).filter(t -> t.descriptions.contains(descr)).findFirst();
    }

    /** The accepted {@code descr} strings, for error messages. */
    public static String accepted() {
        return Arrays.stream(values())
                .map(t -> t.name().toLowerCase() + " " + t.descriptions.stream()
                        .map(d -> "'" + d + "'").collect(Collectors.joining(", ", "(", ")")))
                .collect(Collectors.joining(", "));
    }
}
