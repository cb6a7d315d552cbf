package io.cardeck.onnx.runtime;

import java.util.Arrays;
import java.util.Locale;

/** Where a session runs: ONNX Runtime's CPU or CUDA execution provider. */
public enum Device {
    CPU,
    CUDA;

    /** Parses {@code cpu} or {@code cuda}, ignoring case (configuration values). */
    public static Device parse(String text) {
        for (Device device : values()) {
            if (device.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return device;
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "'; accepted: "
                + Arrays.stream(values()).map(d -> d.name().toLowerCase(Locale.ROOT)).toList());
    }
}
