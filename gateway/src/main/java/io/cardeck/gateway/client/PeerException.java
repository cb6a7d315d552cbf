package io.cardeck.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.Set;

/**
 * A peer service refused a request or could not answer it. A refusal the client can act on
 * (400, 404, 409, 413, 415, 422) keeps its status and the peer's error message; anything else, and
 * a peer that cannot be reached, is 503 with a message naming the peer.
 */
public final class PeerException extends RuntimeException {

    private static final Set<Integer> PASSED_ON = Set.of(400, 404, 409, 413, 415, 422);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String logDetail;

    private PeerException(int status, String message, Throwable cause) {
        this(status, message, message, cause);
    }

    private PeerException(int status, String message, String logDetail, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.logDetail = logDetail;
    }

    /** The peer answered {@code response}, a status of 400 or more. */
    public static PeerException answered(String peer, Response response) {
        int status = response.getStatus();
        String error = errorOf(response);
        if (PASSED_ON.contains(status)) {
            return new PeerException(status, error != null ? error : peer + " answered HTTP " + status, null);
        }
        return new PeerException(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
                peer + " failed (HTTP " + status + (error != null ? ": " + error : "") + ")", null);
    }

    /**
     * The peer could not be reached, or its answer could not be read. Where it was sought and why it
     * failed go to the log only: a client learns nothing of the internal network.
     */
    static PeerException unreachable(String peer, URI baseUri, Throwable cause) {
        return new PeerException(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
                peer + " is unavailable; try again later", peer + " is unavailable at " + baseUri + ": "
                + rootMessage(cause), cause);
    }

    /** The {@code error} of a peer's {@code {"error": "..."}} body; null when the body is something else. */
    private static String errorOf(Response response) {
        try {
            JsonNode error = JSON.readTree(response.readEntity(String.class)).path("error");
            return error.isTextual() && !error.asText().isBlank() ? error.asText() : null;
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** What the gateway's log says of the failure: the message, and for an unreachable peer where and why. */
    public String logDetail() {
        return logDetail;
    }

    /** The status the gateway answers with. */
    public int status() {
        return status;
    }

    public boolean notFound() {
        return status == Response.Status.NOT_FOUND.getStatusCode();
    }
}
