package io.cardeck.gateway.repository;

import io.agroal.api.AgroalDataSource;
import io.cardeck.access.ApiKeyStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The {@code api_keys} table, read and written by cardeck-access's store over the gateway's datasource. */
public class ApiKeys {

    @Produces
    @Singleton
    ApiKeyStore store(AgroalDataSource dataSource) {
        return new ApiKeyStore(dataSource);
    }
}
