package io.cardeck.pruner;

import io.cardeck.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The one test resource of all integration tests: a real Kafka broker and a throwaway PostgreSQL
 * database, shared by every test class (one application start).
 */
@QuarkusTestResource(value = DevstackTestResource.class, restrictToAnnotatedClass = false)
final class Infrastructure {

    private Infrastructure() {
    }
}
