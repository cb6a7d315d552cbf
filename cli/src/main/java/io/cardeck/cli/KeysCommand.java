package io.cardeck.cli;

import io.cardeck.access.ApiKeyStore;
import io.cardeck.access.Role;
import io.cardeck.devstack.LocalPlatform;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"The gateway's API keys, in its database: create (the key is printed once), list, revoke.",
                "Roles: admin (models, prune jobs, decks, deletes, OpenAPI and metrics), predict (inference only),"
                        + " read (lists, evaluations, events), metrics (the metrics page only, for a scraper)."
                        + " The gateway creates the table when it first starts."},
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the gateway keeps its keys: its PostgreSQL database and schema. */
    static final class Database {

        static final String GATEWAY_SCHEMA = "gateway";

        @Option(names = "--db", paramLabel = "JDBC-URL", defaultValue = "${env:CARDECK_DB_URL}",
                description = "The gateway's database (default: $CARDECK_DB_URL, else the database ./cardeck up uses:"
                        + " $CARDECK_DATABASE on $CARDECK_DB_HOST:$CARDECK_DB_PORT, by default"
                        + " jdbc:postgresql://127.0.0.1:5432/cardeck).")
        String url;

        @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:CARDECK_DB_USER:-postgres}",
                description = "Database user (default: $CARDECK_DB_USER, else ${DEFAULT-VALUE}); the password is"
                        + " $CARDECK_DB_PASSWORD.")
        String user;

        /** The database of the platform `up` and `demo` start with this environment. */
        static String platformUrl(Map<String, String> environment) {
            LocalPlatform.Settings settings = UpCommand.databaseSettings(environment);
            return settings.postgres().jdbcUrl(settings.database());
        }

        ApiKeyStore store() {
            if (url == null) {
                url = platformUrl(System.getenv());
            }
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("--db must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE),"
                        + " got '" + url + "'");
            }
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(url);
            dataSource.setUser(user);
            dataSource.setPassword(System.getenv("CARDECK_DB_PASSWORD"));
            dataSource.setCurrentSchema(GATEWAY_SCHEMA);
            return new ApiKeyStore(dataSource);
        }
    }

    /** A key as listed; never the key itself. */
    record KeyLine(String id, String name, String role, String prefix, Instant created, Instant revoked) {

        static KeyLine of(ApiKeyStore.StoredKey key) {
            return new KeyLine(key.id().toString(), key.name(), key.role().label(), key.shownPrefix() + "...",
                    key.createdAt(), key.revokedAt());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Issues a key and prints it once; only its SHA-256 is stored, so it cannot be shown again.")
    static final class Create implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        Database database;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, predict, read or metrics.")
        String role;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Who or what holds the key (" + ApiKeyStore.NAME_FORMAT + ").")
        String name;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        record CreatedKey(KeyLine stored, String key) {
        }

        @Override
        public void run() {
            Role parsed = Role.parse(role);
            ApiKeyStore.checkName(name);
            ApiKeyStore.IssuedKey issued = database.store().create(name, parsed);
            Output.print(spec, json, new CreatedKey(KeyLine.of(issued.stored()), issued.key().reveal()), created -> String.format(
                    "key '%s' (role %s, id %s):%n%s%nIt is shown only now; send it as 'Authorization: Bearer <key>' (or %s=<key>"
                            + " for the command line).%n", created.stored().name(), created.stored().role(), created.stored().id(),
                    created.key(), GatewayKeyOption.ENVIRONMENT));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every key, active and revoked: name, role, its first characters, when created and revoked.")
    static final class ListKeys implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        Database database;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Override
        public void run() {
            List<KeyLine> keys = database.store().list().stream().map(KeyLine::of).toList();
            Output.print(spec, json, keys, lines -> {
                StringBuilder text = new StringBuilder(String.format("%-36s %-24s %-8s %-13s %-27s %s%n", "id", "name", "role",
                        "key", "created", "revoked"));
                for (KeyLine line : lines) {
                    text.append(String.format("%-36s %-24s %-8s %-13s %-27s %s%n", line.id(), line.name(), line.role(),
                            line.prefix(), line.created(), line.revoked() == null ? "-" : line.revoked()));
                }
                return text.toString();
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes the active key of that name or id; the gateway refuses it from its next request on.")
    static final class Revoke implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        Database database;

        @Parameters(paramLabel = "NAME|ID", description = "The key's name or id (cardeck keys list).")
        String key;

        @Override
        public void run() {
            ApiKeyStore.StoredKey revoked = database.store().revoke(key).orElseThrow(() -> new IllegalArgumentException(
                    "no active key is named or has the id '" + key + "' (cardeck keys list shows them)"));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("revoked key '%s' (role %s, id %s)%n", revoked.name(), revoked.role().label(), revoked.id());
            out.flush();
        }
    }
}
