package io.cardeck.platform.deployment;

import io.cardeck.data.DatasetCatalog;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Set;

/**
 * Each service's Dockerfile.jvm, and Dockerfile.gpu of the services that run inference: the port
 * it exposes is the service's, it copies its own module's fast-jar (all four parts of it) and
 * nothing of another module, it holds Fashion-MNIST where the service reads datasets, it runs
 * quarkus-run.jar as a user other than root; the GPU variant starts from a CUDA 12 image with cuDNN.
 */
final class DockerfileCheck {

    /** The fast-jar layout below target/quarkus-app. */
    private static final List<String> FAST_JAR = List.of("lib/", "app/", "quarkus/", "quarkus-run.jar");
    private static final Set<String> ROOT_USERS = Set.of("", "root", "0");

    private final DeploymentFiles files;
    private final Problems problems = new Problems();

    private DockerfileCheck(DeploymentFiles files) {
        this.files = files;
    }

    static List<String> problems(DeploymentFiles files, ServiceCatalog catalog) throws IOException {
        DockerfileCheck check = new DockerfileCheck(files);
        for (ServiceSettings service : catalog.services()) {
            check.check(service, catalog.readsDatasets(service.module()), DeploymentFiles.dockerfile(service.module()));
        }
        for (ServiceSettings service : catalog.gpuServices()) {
            Dockerfile gpu = check.check(service, catalog.readsDatasets(service.module()), DeploymentFiles.gpuDockerfile(service.module()));
            String image = gpu == null ? null : gpu.finalBaseImage();
            if (image != null && !(image.startsWith("nvidia/cuda:12.") && image.contains("cudnn"))) {
                check.problems.add(DeploymentFiles.gpuDockerfile(service.module()), "starts from " + image
                        + ", not an nvidia/cuda:12.x image with cuDNN (ONNX Runtime 1.26's CUDA provider needs CUDA 12 and cuDNN 9)");
            }
        }
        return check.problems.list();
    }

    /** Checks one Dockerfile; null when it does not exist. */
    private Dockerfile check(ServiceSettings service, boolean readsDatasets, String relative) throws IOException {
        Path path = files.resolve(relative);
        if (!Files.isRegularFile(path)) {
            problems.add(relative, "missing");
            return null;
        }
        Dockerfile dockerfile = Dockerfile.read(path);
        List<String> exposed = dockerfile.exposedPorts();
        if (!exposed.equals(List.of(String.valueOf(service.httpPort())))) {
            problems.add(relative, "EXPOSE " + String.join(" ", exposed) + ", but " + service.module()
                    + " listens on quarkus.http.port " + service.httpPort());
        }
        checkCopies(relative, service.module(), dockerfile.contextSources());
        if (ROOT_USERS.contains(dockerfile.user().split(":")[0])) {
            problems.add(relative, "runs as root: end with USER and a non-root user");
        }
        String dataset = DatasetCatalog.FASHION_MNIST_DEFAULT.toString();
        if (readsDatasets && dockerfile.copiedFromStages().stream().noneMatch(destination -> destination.replaceFirst("/$", "").equals(dataset))) {
            problems.add(relative, service.module() + " reads Fashion-MNIST (it depends on " + ServiceCatalog.DATASET_LIBRARY
                    + "), but the image does not hold " + dataset + ": COPY it --from a stage that installs dataset-fashion-mnist");
        }
        if (dockerfile.command().stream().noneMatch(word -> word.endsWith("quarkus-run.jar"))) {
            problems.add(relative, "does not run quarkus-run.jar (ENTRYPOINT " + dockerfile.command() + ")");
        }
        return dockerfile;
    }

    private void checkCopies(String relative, String module, List<String> sources) {
        String app = module + "/target/quarkus-app/";
        for (String source : sources) {
            if (source.contains("/target/") && !source.startsWith(app)) {
                problems.add(relative, "copies " + source + ", which is not " + module + "'s own build output " + app);
            }
        }
        for (String part : FAST_JAR) {
            String needed = app + part;
            if (sources.stream().noneMatch(source -> covers(source, needed))) {
                problems.add(relative, "does not copy " + needed + " (the fast-jar layout needs lib/, app/, quarkus/ and quarkus-run.jar)");
            }
        }
    }

    /** Whether copying {@code source} (a path, a directory, or a glob) brings {@code needed} along. */
    private static boolean covers(String source, String needed) {
        String directory = source.endsWith("/") ? source : source + "/";
        if (needed.startsWith(directory) || needed.equals(source)) {
            return true;
        }
        String file = needed.endsWith("/") ? needed.substring(0, needed.length() - 1) : needed;
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + source);
        return glob.matches(Path.of(file));
    }
}
