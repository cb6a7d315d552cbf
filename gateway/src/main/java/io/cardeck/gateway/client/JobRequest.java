package io.cardeck.gateway.client;

import java.util.Map;

/**
 * A prune request as the pruner-service takes it: to check against its model before the gateway
 * accepts it, and with a cancellation, for a job the pruner-service may not have received yet.
 */
public record JobRequest(String modelId, String method, Map<String, Object> params) {
}
