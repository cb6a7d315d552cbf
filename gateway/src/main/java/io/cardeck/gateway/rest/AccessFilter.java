package io.cardeck.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.access.AccessDecision;
import io.cardeck.access.PresentedCredential;
import io.cardeck.access.RoutePermissions;
import io.cardeck.gateway.service.Callers;
import io.cardeck.outbox.quarkus.DatabaseOutage;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/**
 * Every HTTP request passes here first, before the REST resources and Quarkus' own pages (OpenAPI,
 * metrics), so one place decides them all: 401 without a valid key, 403 with a key whose role
 * does not permit the route, each with {@code {"error": "..."}}.
 */
@ApplicationScoped
public class AccessFilter {

    /** The routing context's entry naming the key of an admitted request (the name it was issued with). */
    public static final String CALLER = "cardeck.caller";
    private static final Logger LOG = Logger.getLogger(AccessFilter.class);
    /** Before every route Quarkus and the resources register. */
    private static final int ORDER = -10_000;
    private static final String CHALLENGE = "Bearer realm=\"cardeck\"";

    private final Callers callers;
    private final ObjectMapper json;

    public AccessFilter(Callers callers, ObjectMapper json) {
        this.callers = callers;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String method = request.method().name();
        // The router and the resources match the normalised path (dot segments resolved): deciding on the raw
        // one would let /dashboard/../api/models pass as a dashboard file and be served as /api/models.
        String path = context.normalizedPath();
        if (RoutePermissions.required(method, path).isEmpty()) {
            context.next();
            return;
        }
        String authorization = request.getHeader(PresentedCredential.AUTHORIZATION);
        String apiKey = request.getHeader(PresentedCredential.API_KEY_HEADER);
        // The body waits while the key is looked up on a worker thread; the resources read it afterwards.
        request.pause();
        context.vertx().executeBlocking(() -> callers.decide(method, path, authorization, apiKey), false)
                .onSuccess(decision -> answer(context, decision))
                .onFailure(failure -> {
                    if (DatabaseOutage.isCauseOf(failure)) {
                        context.response().putHeader("Retry-After", ErrorMapper.DATABASE_RETRY_AFTER);
                        refuse(context, 503, ErrorMapper.DATABASE_UNREACHABLE);
                    } else {
                        context.fail(failure);
                    }
                });
    }

    private void answer(RoutingContext context, AccessDecision decision) {
        if (decision instanceof AccessDecision.Unauthenticated refused) {
            LOG.debugf("401 %s %s: %s", context.request().method(), context.request().path(), refused.reason());
            String error = context.request().getHeader(PresentedCredential.AUTHORIZATION) != null
                    || context.request().getHeader(PresentedCredential.API_KEY_HEADER) != null
                    ? ", error=\"invalid_token\"" : "";
            context.response().putHeader("WWW-Authenticate", CHALLENGE + error);
            refuse(context, 401, refused.reason());
        } else if (decision instanceof AccessDecision.Forbidden refused) {
            refuse(context, 403, refused.reason());
        } else {
            context.put(CALLER, ((AccessDecision.Allowed) decision).caller());
            context.next();
        }
    }

    private void refuse(RoutingContext context, int status, String reason) {
        // Whatever body was sent is read and dropped, so that the connection serves its next request.
        context.request().resume();
        try {
            context.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(json.writeValueAsString(new ErrorBody(reason)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
