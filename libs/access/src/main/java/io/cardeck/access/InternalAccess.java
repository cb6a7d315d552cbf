package io.cardeck.access;

import java.util.Optional;

/**
 * Who may call an internal service (pruner, evaluator, ensemble): health answers everyone; the
 * metrics page also answers the platform's metrics key, so that a scraper reads it without holding
 * the service credential, which opens everything; every other request needs the service credential.
 */
public final class InternalAccess {

    private final ServiceCredential credential;
    private final Optional<ApiKey> metricsKey;

    /** @param metricsKey the key of role {@code metrics} a scraper presents, empty where none is configured */
    public InternalAccess(ServiceCredential credential, Optional<ApiKey> metricsKey) {
        this.credential = credential;
        this.metricsKey = metricsKey;
    }

    /**
     * Why a request is refused; empty when it may proceed.
     *
     * @param credentialHeader the {@link ServiceCredential#HEADER} of the request, null when absent
     * @param authorization    its {@code Authorization} header, null when absent
     */
    public Optional<String> refusal(String method, String path, String credentialHeader, String authorization) {
        if (metricsKey.isPresent() && authorization != null && credentialHeader == null
                && RoutePermissions.required(method, path).equals(Optional.of(Permission.METRICS))) {
            try {
                return PresentedCredential.read(authorization, null).equals(metricsKey) ? Optional.empty()
                        : Optional.of("the metrics key presented is not this platform's");
            } catch (InvalidApiKeyException e) {
                return Optional.of(e.getMessage());
            }
        }
        return credential.refusal(path, credentialHeader);
    }
}
