package io.cardeck.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of every command over a running platform: where its gateway is, the API key, {@code --json}. */
final class PlatformOptions {

    static final String GATEWAY_VARIABLE = "CARDECK_GATEWAY";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "${env:" + GATEWAY_VARIABLE + ":-http://localhost:8080}",
            description = "The platform's gateway (default: $" + GATEWAY_VARIABLE + ", else http://localhost:8080).")
    String gateway;

    @Mixin
    GatewayKeyOption gatewayKey;

    @Option(names = "--json", description = "Machine-readable output: JSON, the gateway's own answer where there is one.")
    boolean json;

    /**
     * A client of the gateway.
     *
     * @throws ParameterException (usage error, status 2) when {@code --gateway} is not an http(s) URL with a host
     */
    GatewayClient gateway() {
        return new GatewayClient(checkedUrl(), gatewayKey.key());
    }

    private String checkedUrl() {
        try {
            URI uri = new URI(gateway);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return gateway;
            }
        } catch (URISyntaxException e) {
            // answered below, with what is accepted
        }
        throw new ParameterException(command.commandLine(), "--gateway '" + gateway
                + "' is not accepted: give the gateway's http:// or https:// URL, e.g. http://localhost:8080");
    }
}
