package io.cardeck.platform.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the deployment files lie below a root: the repository itself, or a copy that a test breaks
 * on purpose.
 */
record DeploymentFiles(Path root) {

    static final String COMPOSE = "docker-compose.yml";
    static final String COMPOSE_GPU = "docker-compose.gpu.yml";
    static final String KUBERNETES_BASE = "k8s/base";
    static final String GPU_OVERLAY = "k8s/overlays/gpu";

    /** The repository: the nearest directory above the working directory that holds {@code mvnw}. */
    static DeploymentFiles repository() {
        Path start = Path.of("").toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("mvnw"))) {
                return new DeploymentFiles(directory);
            }
        }
        throw new IllegalStateException("no directory holding mvnw at or above " + start);
    }

    /** {@code <module>/src/main/docker/Dockerfile.jvm}, relative to the root (as compose names it). */
    static String dockerfile(String module) {
        return module + "/src/main/docker/Dockerfile.jvm";
    }

    /** {@code <module>/src/main/docker/Dockerfile.gpu}, the CUDA variant, relative to the root. */
    static String gpuDockerfile(String module) {
        return module + "/src/main/docker/Dockerfile.gpu";
    }

    Path resolve(String relative) {
        return root.resolve(relative);
    }

    /** A path below the root as a problem report names it. */
    String name(Path path) {
        return root.relativize(path).toString();
    }

    /** Copies the deployment files of these modules (and compose, k8s) to {@code target}. */
    DeploymentFiles copyTo(Path target, List<String> modules) throws IOException {
        copy(COMPOSE, target);
        copy(COMPOSE_GPU, target);
        copy("k8s", target);
        for (String module : modules) {
            if (Files.isDirectory(resolve(module + "/src/main/docker"))) {
                copy(module + "/src/main/docker", target);
            }
        }
        return new DeploymentFiles(target);
    }

    private void copy(String relative, Path target) throws IOException {
        Path source = resolve(relative);
        try (Stream<Path> paths = Files.walk(source)) {
            paths.forEach(path -> {
                Path copy = target.resolve(root.relativize(path).toString());
                try {
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.createDirectories(copy.getParent());
                        Files.copy(path, copy);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
