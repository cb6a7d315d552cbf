package io.cardeck.platform.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileTest {

    private static final Dockerfile DOCKERFILE = Dockerfile.parse(List.of(
            "# syntax comment",
            "FROM debian:bookworm-slim AS data",
            "RUN apt-get update \\",
            "# a comment inside a continued instruction is dropped",
            " && apt-get install -y thing",
            "FROM eclipse-temurin:17-jre",
            "COPY --from=data /usr/share/x/ /usr/share/x/",
            "COPY --chown=1001 a/target/quarkus-app/lib/ /deployments/lib/",
            "copy [\"a/target/quarkus-app/*.jar\", \"b.txt\", \"/deployments/\"]",
            "",
            "USER root",
            "USER 1001:0",
            "EXPOSE 8080/tcp 9000",
            "ENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]"));

    @Test
    void joinsContinuedLinesAndSkipsComments() {
        assertEquals(new Dockerfile.Instruction("RUN", "apt-get update  && apt-get install -y thing"),
                DOCKERFILE.instructions().get(1));
        assertEquals(10, DOCKERFILE.instructions().size());
    }

    @Test
    void readsPortsSourcesUserBaseAndCommand() {
        assertEquals(List.of("8080", "9000"), DOCKERFILE.exposedPorts());
        assertEquals(List.of("a/target/quarkus-app/lib/", "a/target/quarkus-app/*.jar", "b.txt"), DOCKERFILE.contextSources());
        assertEquals(List.of("/usr/share/x/"), DOCKERFILE.copiedFromStages());
        assertEquals("1001:0", DOCKERFILE.user());
        assertEquals("eclipse-temurin:17-jre", DOCKERFILE.finalBaseImage());
        assertEquals(List.of("java", "-jar", "/deployments/quarkus-run.jar"), DOCKERFILE.command());
    }
}
