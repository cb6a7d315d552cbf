package io.cardeck.outbox;

import io.cardeck.devstack.LocalPostgres;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh database on the machine's PostgreSQL with the outbox tables migrated, for one test class. */
final class OutboxDatabase {

    private OutboxDatabase() {}

    static PGSimpleDataSource create(String name) {
        LocalPostgres postgres = new LocalPostgres();
        postgres.dropDatabase(name);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.ensureDatabase(name));
        dataSource.setUser(postgres.user());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/outbox").load().migrate();
        return dataSource;
    }

    static void drop(String name) {
        new LocalPostgres().dropDatabase(name);
    }
}
