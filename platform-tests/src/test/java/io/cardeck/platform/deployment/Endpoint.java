package io.cardeck.platform.deployment;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A host and port that a setting points at. */
record Endpoint(String host, int port) {

    /**
     * The endpoints in a setting's value: an http(s) URL, a JDBC URL, or Kafka's comma-separated
     * {@code host:port} list; none for any other value (a path, a name, a number).
     */
    static List<Endpoint> in(String value) {
        String text = value.startsWith("jdbc:") ? value.substring("jdbc:".length()) : value;
        if (text.contains("://")) {
            URI uri = parse(text);
            if (uri == null || uri.getHost() == null) {
                return List.of();
            }
            return List.of(new Endpoint(uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : defaultPort(uri.getScheme())));
        }
        List<Endpoint> servers = new ArrayList<>();
        for (String server : text.split(",", -1)) {
            URI uri = parse("tcp://" + server.trim());
            if (uri == null || uri.getHost() == null || uri.getPort() < 0 || uri.getRawPath() == null || !uri.getRawPath().isEmpty()) {
                return List.of();
            }
            servers.add(new Endpoint(uri.getHost(), uri.getPort()));
        }
        return servers;
    }

    /** The name of the service or Kubernetes Service behind the host ({@code gateway.cardeck.svc} is {@code gateway}). */
    String serviceName() {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }

    /** Where a URL without a port goes: 80 or 443 for HTTP, -1 (no port) otherwise. */
    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static URI parse(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
