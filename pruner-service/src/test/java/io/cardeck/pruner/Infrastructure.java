package io.cardeck.pruner;

import io.cardeck.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The one test resource of all integration tests: a real Kafka broker and a throwaway PostgreSQL
 * database, shared by every test class (one application start). The database is reached through a
 * {@link io.cardeck.devstack.TcpProxy}, which {@code DatabaseOutageIT} cuts: a test profile of its own
 * would start the application again in another class loader of the same JVM, where PyTorch's native
 * library, loaded once per JVM from DJL's fixed cache, cannot be loaded again.
 */
@QuarkusTestResource(value = DevstackTestResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = DevstackTestResource.DATABASE_THROUGH_PROXY, value = "true"))
final class Infrastructure {

    private Infrastructure() {
    }
}
