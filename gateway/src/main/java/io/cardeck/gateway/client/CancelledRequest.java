package io.cardeck.gateway.client;

import java.util.Map;

/** A prune request the gateway accepted, sent with its cancellation for a job the pruner-service may not have yet. */
public record CancelledRequest(String modelId, String method, Map<String, Object> params) {
}
