package io.cardeck.platform.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void findsTheHostAndPortOfUrlsAndServerLists() {
        assertEquals(List.of(new Endpoint("pruner-service", 8081)), Endpoint.in("http://pruner-service:8081"));
        assertEquals(List.of(new Endpoint("gateway.cardeck.svc", 80)), Endpoint.in("http://gateway.cardeck.svc/api"));
        assertEquals(List.of(new Endpoint("postgres", 5432)), Endpoint.in("jdbc:postgresql://postgres:5432/cardeck"));
        assertEquals(List.of(new Endpoint("kafka-0", 9092), new Endpoint("kafka-1", 9092)), Endpoint.in("kafka-0:9092, kafka-1:9092"));
        assertEquals("gateway", new Endpoint("gateway.cardeck.svc", 80).serviceName());
    }

    @Test
    void otherValuesPointNowhere() {
        for (String value : List.of("cpu", "/var/lib/cardeck", "broker,controller", "cardeck", "-Xms512m -Xmx512m", "70", "")) {
            assertEquals(List.of(), Endpoint.in(value), value);
        }
    }
}
