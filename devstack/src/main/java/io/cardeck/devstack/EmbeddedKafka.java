package io.cardeck.devstack;

import io.cardeck.events.KafkaLogin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) from Apache Kafka's own
 * jars, running in a child JVM so that the broker's Scala and server classes never mix with the
 * caller's classpath. Listens on 127.0.0.1 only.
 *
 * <p>With {@link Builder#accessControl()} clients must log in (SASL) and may do only what ACLs allow
 * (KRaft's StandardAuthorizer, nothing without an ACL): the services as SCRAM-SHA-512 users with the
 * ACLs of {@link KafkaAcls} ({@link #authorize}), the broker itself and {@link #adminSettings()} as the
 * super user {@value #ADMIN}, whose password is made for each start and kept in memory and in the
 * broker's server.properties (readable by this user only).
 *
 * <p>Without a data directory it runs on a temporary one that {@link #close()} deletes; with one
 * (created when missing) topics and records survive a restart. The broker's output goes to a log
 * file that is kept after close for diagnosis ({@link #logFile()}).
 *
 * <p>Run alone: {@code java -cp <devstack jar>:<kafka jars> io.cardeck.devstack.EmbeddedKafka
 * --port 9092 --data DIR}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The only interface the broker listens on. */
    public static final String HOST = "127.0.0.1";
    /** The super user of a broker with access control, which logs in with SASL/PLAIN. */
    public static final String ADMIN = "admin";

    static final String USAGE = """
        usage: EmbeddedKafka [--port N] [--controller-port N] [--data DIR] [--log FILE]
          --port N             client (PLAINTEXT) port on 127.0.0.1, 1..65535; default: a free port
          --controller-port N  KRaft controller port, 1..65535; default: a free port
          --data DIR           persistent data directory (created when missing); default: a temporary
                               directory deleted on exit
          --log FILE           broker log file; default: DIR/broker.log, or
                               $TMPDIR/cardeck-kafka-logs/broker-PORT.log without --data""";

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final String LOG_DIRECTORY = "kafka-logs";
    private static final String SERVER_PROPERTIES = "server.properties";
    private static final String LOCK_FILE = ".embedded-kafka.lock";
    private static final int AUTO_PORT_ATTEMPTS = 3;
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final OutputStream parentLink;
    private final int port;
    private final int controllerPort;
    private final Path directory;
    private final boolean temporary;
    private final FileChannel directoryLock;
    private final Path logFile;
    private final String clusterId;
    /** Null when clients need no login. */
    private final String adminPassword;
    private final Admin admin;
    private final Thread stopOnExit;
    private volatile boolean closed;

    private EmbeddedKafka(Process process, int port, int controllerPort, Path directory,
                          boolean temporary, FileChannel directoryLock, Path logFile, String clusterId, String adminPassword) {
        this.process = process;
        this.parentLink = process.getOutputStream();
        this.port = port;
        this.controllerPort = controllerPort;
        this.directory = directory;
        this.temporary = temporary;
        this.directoryLock = directoryLock;
        this.logFile = logFile;
        this.clusterId = clusterId;
        this.adminPassword = adminPassword;
        Map<String, Object> adminClient = new HashMap<>(adminSettings());
        adminClient.put(AdminClientConfig.CLIENT_ID_CONFIG, "cardeck-devstack");
        adminClient.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        adminClient.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        this.admin = Admin.create(adminClient);
        // The broker would exit with this JVM anyway (see KafkaBrokerProcess); the hook also waits
        // for it and deletes the temporary directory when a caller forgets close().
        this.stopOnExit = new Thread(this::close, "embedded-kafka-stop-" + port);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts a broker on free ports and a temporary data directory. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Holds server.properties and the broker's log directories ({@code kafka-logs/}). */
    public Path dataDirectory() {
        return directory;
    }

    /** The broker's own log (its stdout and stderr); kept after {@link #close()}. */
    public Path logFile() {
        return logFile;
    }

    /** The KRaft cluster id, fixed when the data directory was formatted. */
    public String clusterId() {
        return clusterId;
    }

    /** Process id of the broker's JVM. */
    public long pid() {
        return process.pid();
    }

    /** Whether clients must log in and may do only what ACLs allow ({@link Builder#accessControl()}). */
    public boolean hasAccessControl() {
        return adminPassword != null;
    }

    /**
     * Kafka client settings of the super user: the bootstrap servers, and with access control its
     * SASL/PLAIN login. For the platform's own set-up and for tests that play any service.
     */
    public Map<String, Object> adminSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (adminPassword != null) {
            settings.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            settings.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
            settings.put(SaslConfigs.SASL_JAAS_CONFIG, plainLogin(adminPassword, false));
        }
        return settings;
    }

    /**
     * Kafka client settings that log in as {@code login}: the bootstrap servers and its SCRAM-SHA-512
     * login, which {@link #authorize} must have created.
     *
     * @throws IllegalStateException if this broker has no access control (then clients need only
     *                               {@link #bootstrapServers()})
     */
    public Map<String, Object> clientSettings(KafkaLogin login) {
        if (adminPassword == null) {
            throw new IllegalStateException("the broker at " + bootstrapServers() + " runs without access control:"
                + " clients log in as nobody; start it with accessControl() for logins");
        }
        Map<String, Object> settings = new HashMap<>(login.clientSettings());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return settings;
    }

    /**
     * Gives each service of {@code logins} its SCRAM-SHA-512 user with that password and exactly the
     * ACLs {@link KafkaAcls} generates for it from {@code TopicAccess} (ACLs of these services that
     * the table no longer holds are removed), and returns once the broker applies them: each login
     * is accepted and the broker's ACLs are those expected.
     *
     * @throws IllegalStateException if this broker has no access control
     */
    public void authorize(Collection<KafkaLogin> logins) {
        requireOpen();
        if (adminPassword == null) {
            throw new IllegalStateException("the broker at " + bootstrapServers() + " runs without access control;"
                + " start it with accessControl() to give the services logins and ACLs");
        }
        KafkaAcls.apply(admin, logins, ADMIN_TIMEOUT);
        for (KafkaLogin login : logins) {
            awaitLogin(login);
        }
    }

    /** SCRAM credentials reach the broker's cache from the metadata log shortly after the controller accepts them. */
    private void awaitLogin(KafkaLogin login) {
        Map<String, Object> settings = new HashMap<>(clientSettings(login));
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        try (Admin client = Admin.create(settings)) {
            while (true) {
                try {
                    client.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the broker does not accept the login of " + login.username()
                            + " within " + ADMIN_TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the login of " + login.username(), e);
                }
                sleep(100);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The JAAS line of the super user's PLAIN login; a listener's also names the one user it accepts. */
    private static String plainLogin(String password, boolean listener) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN + "\" password=\""
            + password + "\"" + (listener ? " user_" + ADMIN + "=\"" + password + "\"" : "") + ";";
    }

    /** Creates a topic (replication factor 1); an existing topic with this partition count is kept. */
    public void createTopic(String name, int partitions) {
        createTopics(List.of(name), partitions);
    }

    /**
     * Creates topics (replication factor 1), each with {@code partitions} partitions. Topics that
     * exist already are kept when they have that partition count, so a restart on a persistent data
     * directory may call this again; a different count is an error.
     */
    public void createTopics(Collection<String> names, int partitions) {
        requireOpen();
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no topic names given; expected at least one");
        }
        for (String name : names) {
            if (name == null || !TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("invalid topic name '" + name
                    + "'; expected 1 to 249 characters from [a-zA-Z0-9._-], not '.' or '..'");
            }
        }
        CreateTopicsResult result = admin.createTopics(
            names.stream().distinct().map(name -> new NewTopic(name, partitions, (short) 1)).toList());
        for (String name : names.stream().distinct().toList()) {
            try {
                await(result.values().get(name), "creating topic " + name);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                int existing = await(admin.describeTopics(List.of(name)).allTopicNames(),
                    "describing topic " + name).get(name).partitions().size();
                if (existing != partitions) {
                    throw new IllegalStateException("topic " + name + " exists with " + existing
                        + " partitions; asked for " + partitions);
                }
            }
        }
    }

    /**
     * Stops the broker (end of its stdin lets Kafka shut down cleanly; the whole process tree is
     * killed if it has not exited within 20 s), then deletes a temporary data directory. Idempotent.
     */
    @Override
    public synchronized void close() {
        stop(true);
    }

    /**
     * Kills the broker with SIGKILL, as a crash or the OOM killer would: Kafka's shutdown does not run
     * and nothing is flushed by it; returns once the process is gone. A persistent data directory is
     * kept for {@link #restart()}; a temporary one is deleted as by {@link #close()}. Idempotent.
     */
    public synchronized void kill() {
        stop(false);
    }

    /**
     * Starts a new broker on this one's ports, data directory and log file once it was closed or
     * killed: the broker restarted in place, as clients connected to it see it come back, with access
     * control when this one had it.
     *
     * @throws IllegalStateException if this broker still runs, or ran on a temporary directory (gone with it)
     */
    public EmbeddedKafka restart() {
        if (!closed) {
            throw new IllegalStateException("the broker at " + bootstrapServers() + " still runs; close or kill it first");
        }
        if (temporary) {
            throw new IllegalStateException("the broker at " + bootstrapServers()
                + " ran on a temporary data directory, deleted when it stopped; restart needs a persistent one");
        }
        Builder again = builder().port(port).controllerPort(controllerPort).dataDirectory(directory).logFile(logFile);
        // The users and ACLs live in the kept metadata; the super user's password is made anew.
        return (hasAccessControl() ? again.accessControl() : again).start();
    }

    private void stop(boolean graceful) {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(graceful ? Duration.ofSeconds(5) : Duration.ZERO);
        stopProcess(graceful);
        if (Thread.currentThread() != stopOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook is running or about to, and finds us closed.
            }
        }
        closeQuietly(directoryLock);
        if (temporary) {
            deleteTree(directory);
        }
    }

    private void stopProcess(boolean graceful) {
        // Taken first: once the broker is gone its children would no longer be found under it.
        List<ProcessHandle> processTree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        if (!graceful) {
            // Before the pipe closes: its end would start Kafka's own shutdown.
            processTree.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            parentLink.close();
        } catch (IOException e) {
            // The pipe is broken only when the broker is gone already.
        }
        boolean interrupted = false;
        try {
            if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                processTree.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            processTree.forEach(ProcessHandle::destroyForcibly);
        }
        processTree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the broker at " + bootstrapServers() + " is closed");
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw startFailure("exited with status " + process.exitValue() + " before it was ready");
            }
            if (System.nanoTime() > deadline) {
                throw startFailure("was not ready after " + timeout.toSeconds() + " s");
            }
            if (accepts(port) && answers()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw startFailure("was interrupted while waiting for it");
            }
        }
    }

    /** Whether this broker (not another cluster on the same port) reports itself in the cluster. */
    private boolean answers() {
        DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000));
        try {
            String answeringId = cluster.clusterId().get();
            if (!clusterId.equals(answeringId)) {
                throw startFailure("found another Kafka cluster (" + answeringId + ") on port " + port);
            }
            return !cluster.nodes().get().isEmpty();
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw startFailure("was interrupted while waiting for it");
        }
    }

    private IllegalStateException startFailure(String what) {
        String tail = logExcerpt();
        String message = "Kafka broker (pid " + process.pid() + ", port " + port + ", controller port "
            + controllerPort + ") " + what + "; log " + logFile + ":\n" + tail;
        return tail.contains("Address already in use")
            ? new PortTaken(message) : new IllegalStateException(message);
    }

    /** The first error (Kafka logs its cause there, then a long shutdown) and the last lines. */
    private String logExcerpt() {
        List<String> lines;
        try {
            lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
        int tailStart = Math.max(0, lines.size() - LOG_TAIL_LINES);
        List<String> excerpt = new ArrayList<>();
        for (int i = 0; i < tailStart; i++) {
            if (lines.get(i).contains(" ERROR ")) {
                excerpt.addAll(lines.subList(i, Math.min(i + 4, tailStart)));
                excerpt.add("...");
                break;
            }
        }
        excerpt.addAll(lines.subList(tailStart, lines.size()));
        return String.join("\n", excerpt);
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + ADMIN_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return port;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + port + " is in use on " + HOST
                + "; choose another port or stop what listens there");
        }
    }

    private static void closeQuietly(FileChannel lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            // Closing releases the lock; the descriptor goes with the process at the latest.
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the broker's temporary directory " + root, e);
        }
    }

    /** A start that failed because a port chosen as free was taken before the broker bound it. */
    private static final class PortTaken extends IllegalStateException {
        PortTaken(String message) {
            super(message);
        }
    }

    /** Runs a broker until this JVM is stopped (Ctrl-C, SIGTERM); see {@link #USAGE}. */
    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(USAGE);
            return;
        }
        Builder builder;
        try {
            builder = parseArguments(args);
        } catch (IllegalArgumentException e) {
            System.err.println("EmbeddedKafka: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        EmbeddedKafka kafka;
        try {
            kafka = builder.start();
        } catch (RuntimeException e) {
            System.err.println("EmbeddedKafka: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("Kafka ready at " + kafka.bootstrapServers() + " (cluster " + kafka.clusterId()
            + ", data " + kafka.dataDirectory() + ", log " + kafka.logFile() + ", pid " + kafka.pid() + ")");
        int status = kafka.process.onExit().join().exitValue();
        if (!kafka.closed) {
            System.err.println("EmbeddedKafka: the broker exited with status " + status + "; see " + kafka.logFile());
            System.exit(1);
        }
    }

    /** The settings {@link #main} accepts; rejects unknown options, repeats and bad values. */
    static Builder parseArguments(String[] args) {
        Builder builder = new Builder();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (!List.of("--port", "--controller-port", "--data", "--log").contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option
                    + "'; expected --port, --controller-port, --data, --log or --help");
            }
            if (seen.contains(option)) {
                throw new IllegalArgumentException(option + " given twice");
            }
            seen.add(option);
            if (i + 1 >= args.length || args[i + 1].isBlank()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[i + 1];
            switch (option) {
                case "--port" -> builder.port(parsePort(option, value));
                case "--controller-port" -> builder.controllerPort(parsePort(option, value));
                case "--data" -> builder.dataDirectory(Path.of(value));
                default -> builder.logFile(Path.of(value));
            }
        }
        return builder;
    }

    private static int parsePort(String option, String value) {
        try {
            return Builder.checkPort(option, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a TCP port 1..65535, got '" + value + "'");
        }
    }

    /** Settings for a broker; unset ports are chosen free, an unset data directory is temporary. */
    public static final class Builder {
        // Package-visible for the argument parser's tests; 0 and null mean "choose".
        int port;
        int controllerPort;
        Path dataDirectory;
        Path logFile;
        boolean accessControl;
        Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        public Builder port(int port) {
            this.port = checkPort("client port", port);
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = checkPort("controller port", controllerPort);
            return this;
        }

        /** A persistent data directory, created when missing; it must be empty or one a broker used. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory.toAbsolutePath();
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = logFile.toAbsolutePath();
            return this;
        }

        /**
         * Clients must log in (SASL: SCRAM-SHA-512 for the services, PLAIN for the super user) and may
         * do only what ACLs allow; see {@link EmbeddedKafka#authorize} and {@link EmbeddedKafka#adminSettings()}.
         */
        public Builder accessControl() {
            this.accessControl = true;
            return this;
        }

        /** How long to wait for the broker to answer (default 60 s). */
        public Builder startTimeout(Duration startTimeout) {
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("start timeout must be positive, got " + startTimeout);
            }
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Starts the broker and waits until it answers. Ports chosen here are retried (three starts
         * at most) when another process takes one between the choice and the broker's bind.
         */
        public EmbeddedKafka start() {
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException("port and controller port are both " + port
                    + "; expected two different ports");
            }
            checkDataDirectory();
            List<Path> classpath = BrokerClasspath.resolve();
            int attempts = port == 0 || controllerPort == 0 ? AUTO_PORT_ATTEMPTS : 1;
            for (int attempt = 1; ; attempt++) {
                try {
                    return launch(classpath);
                } catch (PortTaken e) {
                    if (attempt == attempts) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }
            }
        }

        private EmbeddedKafka launch(List<Path> classpath) {
            int brokerPort = port != 0 ? requireFree(port, "client port") : LoopbackPorts.freeExcept(controllerPort);
            int quorumPort = controllerPort != 0 ? requireFree(controllerPort, "controller port")
                    : LoopbackPorts.freeExcept(brokerPort);
            boolean temporary = dataDirectory == null;
            Path directory;
            try {
                directory = temporary ? Files.createTempDirectory("cardeck-kafka-") : Files.createDirectories(dataDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the broker's data directory: " + e.getMessage(), e);
            }
            FileChannel lock = null;
            Process process = null;
            EmbeddedKafka kafka;
            try {
                lock = lockDirectory(directory);
                Path logDirectory = directory.resolve(LOG_DIRECTORY);
                String clusterId = formattedClusterId(logDirectory).orElseGet(() -> Uuid.randomUuid().toString());
                Path serverProperties = directory.resolve(SERVER_PROPERTIES);
                String adminPassword = accessControl ? KafkaLogin.generate(ADMIN, new SecureRandom()).password() : null;
                writeOwnerOnly(serverProperties, serverProperties(brokerPort, quorumPort, logDirectory, adminPassword));
                Path log = logFile != null ? logFile
                    : temporary ? temporaryLog(brokerPort)
                    : directory.resolve("broker.log");
                keepPrevious(log);
                process = new ProcessBuilder(command(classpath, serverProperties, clusterId))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
                kafka = new EmbeddedKafka(process, brokerPort, quorumPort, directory, temporary, lock, log, clusterId,
                    adminPassword);
            } catch (IOException | RuntimeException e) {
                if (process != null) {
                    process.destroyForcibly();
                }
                closeQuietly(lock);
                if (temporary) {
                    deleteTree(directory);
                }
                throw e instanceof IOException io
                    ? new UncheckedIOException("cannot start the Kafka broker: " + io.getMessage(), io)
                    : (RuntimeException) e;
            }
            try {
                kafka.awaitReady(startTimeout);
                return kafka;
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
        }

        /**
         * Holds a lock file in the data directory while a broker runs on it, so that a second start
         * on the same directory fails before it touches the first one's files.
         */
        private static FileChannel lockDirectory(Path directory) throws IOException {
            FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("data directory " + directory
                    + " is in use by another EmbeddedKafka; stop that one or choose another directory");
            }
            return channel;
        }

        private void checkDataDirectory() {
            if (dataDirectory == null || !Files.exists(dataDirectory)) {
                return;
            }
            if (!Files.isDirectory(dataDirectory)) {
                throw new IllegalArgumentException("data directory " + dataDirectory
                    + " is a file; expected a directory (created when missing)");
            }
            boolean ours = Stream.of(LOG_DIRECTORY, SERVER_PROPERTIES, LOCK_FILE)
                .anyMatch(name -> Files.exists(dataDirectory.resolve(name)));
            try (Stream<Path> entries = Files.list(dataDirectory)) {
                if (!ours && entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("data directory " + dataDirectory
                        + " is not empty and has none of " + LOG_DIRECTORY + "/, " + SERVER_PROPERTIES + ", "
                        + LOCK_FILE + "; expected a new or empty directory, or one an EmbeddedKafka ran on before");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read data directory " + dataDirectory, e);
            }
        }

        /** With access control the file holds the super user's password: readable by this user only. */
        private static void writeOwnerOnly(Path file, String text) throws IOException {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
        }

        /** The cluster id of an already formatted log directory: a restart keeps it. */
        private static Optional<String> formattedClusterId(Path logDirectory) throws IOException {
            Path meta = logDirectory.resolve("meta.properties");
            if (!Files.exists(meta)) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                properties.load(in);
            }
            String id = properties.getProperty("cluster.id");
            if (id == null || id.isBlank()) {
                throw new IllegalStateException(meta + " has no cluster.id; expected the file Kafka's"
                    + " storage format writes (delete the data directory to start afresh)");
            }
            return Optional.of(id);
        }

        /**
         * {@code $TMPDIR/cardeck-kafka-logs/broker-PORT.log}, outside the temporary data directory so
         * that it outlives close(); logs of brokers that started over a day ago are removed here so
         * that test runs do not fill the disk.
         */
        private static Path temporaryLog(int port) throws IOException {
            Path logs = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "cardeck-kafka-logs"));
            FileTime dayAgo = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
            try (Stream<Path> old = Files.list(logs)) {
                for (Path log : old.toList()) {
                    if (Files.isRegularFile(log) && Files.getLastModifiedTime(log).compareTo(dayAgo) < 0) {
                        Files.deleteIfExists(log);
                    }
                }
            }
            return logs.resolve("broker-" + port + ".log");
        }

        /** Keeps the previous run's log as {@code <log>.1}, so a crash stays diagnosable after a restart. */
        private static void keepPrevious(Path log) throws IOException {
            Files.createDirectories(log.getParent());
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        }

        private static List<String> command(List<Path> classpath, Path serverProperties, String clusterId) {
            return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                // C1 only: starts with ~40% less CPU, and a development broker's load is light.
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                // Log4j 2's built-in console configuration at INFO: no configuration file to ship.
                "-Dlog4j2.level=INFO",
                "-cp", BrokerClasspath.asArgument(classpath),
                KafkaBrokerProcess.class.getName(),
                serverProperties.toString(),
                clusterId);
        }

        /** @param adminPassword the super user's password with access control, null without */
        static String serverProperties(int port, int controllerPort, Path logDirectory, String adminPassword) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("process.roles", "broker,controller");
            settings.put("node.id", "1");
            // A static quorum: the voter's address lives in this file, not in the formatted metadata,
            // so a restart on the same data directory may use other ports.
            settings.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
            String client = adminPassword == null ? "PLAINTEXT" : "CLIENT";
            String protocol = adminPassword == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
            settings.put("listeners", client + "://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
            settings.put("advertised.listeners", client + "://" + HOST + ":" + port);
            settings.put("listener.security.protocol.map", client + ":" + protocol + ",CONTROLLER:" + protocol);
            settings.put("controller.listener.names", "CONTROLLER");
            settings.put("inter.broker.listener.name", client);
            if (adminPassword != null) {
                // The services log in with SCRAM-SHA-512 (users in the cluster's metadata); the super user,
                // which the broker itself is towards the controller, with PLAIN, as KRaft's controller
                // listener cannot use SCRAM and its password is then made anew for every start.
                settings.put("sasl.enabled.mechanisms", KafkaLogin.MECHANISM + ",PLAIN");
                settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
                settings.put("sasl.mechanism.controller.protocol", "PLAIN");
                settings.put("listener.name.client.plain.sasl.jaas.config", plainLogin(adminPassword, true));
                settings.put("listener.name.client.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                settings.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
                settings.put("listener.name.controller.plain.sasl.jaas.config", plainLogin(adminPassword, true));
                settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                settings.put("super.users", "User:" + ADMIN);
                settings.put("allow.everyone.if.no.acl.found", "false");
            }
            settings.put("log.dirs", logDirectory.toString());
            settings.put("num.partitions", "1");
            settings.put("default.replication.factor", "1");
            settings.put("min.insync.replicas", "1");
            settings.put("offsets.topic.replication.factor", "1");
            settings.put("transaction.state.log.replication.factor", "1");
            settings.put("transaction.state.log.min.isr", "1");
            settings.put("share.coordinator.state.topic.replication.factor", "1");
            settings.put("share.coordinator.state.topic.min.isr", "1");
            // Fewer internal partitions than the production default of 50: a first consumer group
            // or transaction then starts in well under a second on a single node.
            settings.put("offsets.topic.num.partitions", "10");
            settings.put("transaction.state.log.num.partitions", "10");
            settings.put("auto.create.topics.enable", "true");
            settings.put("group.initial.rebalance.delay.ms", "0");
            return settings.entrySet().stream()
                .map(setting -> setting.getKey() + "=" + setting.getValue())
                .collect(Collectors.joining("\n", "# Written by io.cardeck.devstack.EmbeddedKafka on every start.\n", "\n"));
        }

        static int checkPort(String what, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(what + " must be a TCP port 1..65535, got " + port);
            }
            return port;
        }
    }
}
