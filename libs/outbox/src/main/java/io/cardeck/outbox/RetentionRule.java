package io.cardeck.outbox;

import java.util.regex.Pattern;

/**
 * Which rows of a table may be deleted once they are older than a retention, and by which of their
 * times. The rule is code (table and column names are spliced into SQL); how long rows are kept is a
 * setting, given to {@link RetentionPolicy}.
 *
 * @param kind        names the rows in settings ({@code cardeck.retention.<kind>.keep-for}) and in logs
 * @param table       the table, in the connection's schema
 * @param agedBy      the timestamp column whose age is compared with the retention, of {@code table} or, with
 *                    {@code agedThrough}, of the row referenced; a row where it is NULL never goes
 * @param onlyWhere   a condition a row must also meet to go, as SQL on {@code table} ("TRUE" for none): rows still
 *                    in use stay. With {@code agedThrough} it may read the referenced row too, by its table's name
 * @param agedThrough null when the rows are aged by a time of their own; else the reference to the row that ages them
 */
public record RetentionRule(String kind, String table, String agedBy, String onlyWhere, Reference agedThrough) {

    // Before the rules below, which are checked with them as the class initialises.
    private static final Pattern KIND = Pattern.compile("[a-z]+(-[a-z]+)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    /** Outbox rows Kafka has acknowledged; an unsent row has no {@code sent_at} and is never deleted. */
    public static final RetentionRule SENT_OUTBOX_EVENTS =
            new RetentionRule("outbox", "outbox", "sent_at", "sent_at IS NOT NULL");

    /** Ids of events a consumer applied, kept while a redelivery of the event may still come. */
    public static final RetentionRule PROCESSED_EVENTS =
            new RetentionRule("processed-events", "processed_events", "processed_at", "TRUE");

    /**
     * The row of another table whose time ages a rule's rows, for rows whose own times do not say when
     * they stopped being needed (an evaluation's cells go by the evaluation's end).
     *
     * @param table  the referenced table, keyed by its column {@code id}
     * @param column the column of the rule's table that holds the referenced row's {@code id}
     */
    public record Reference(String table, String column) {

        public Reference {
            for (String name : new String[] {table, column}) {
                identifier("a reference", name);
            }
        }
    }

    /** A rule for rows aged by a time of their own. */
    public RetentionRule(String kind, String table, String agedBy, String onlyWhere) {
        this(kind, table, agedBy, onlyWhere, null);
    }

    public RetentionRule {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("a retention kind is lower-case words joined by '-', got " + kind);
        }
        for (String name : new String[] {table, agedBy}) {
            identifier("retention " + kind, name);
        }
        if (onlyWhere == null || onlyWhere.isBlank()) {
            throw new IllegalArgumentException("retention " + kind + ": onlyWhere is a SQL condition, TRUE for none");
        }
    }

    private static void identifier(String of, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(of + ": '" + name + "' is not a plain SQL identifier");
        }
    }

    /**
     * Deletes at most {@code limit} rows older than {@code keptSeconds} by the database's clock. By
     * {@code ctid}, the row version the subquery chose: a row changed meanwhile by another transaction
     * is a new version, which this statement leaves alone.
     */
    String deleteBatch() {
        String expired = agedBy + " < now() - make_interval(secs => ?) AND (" + onlyWhere + ")";
        if (agedThrough != null) {
            // Qualified, as inside the subquery an unqualified name is the referenced table's first.
            String referenced = agedThrough.table();
            expired = "EXISTS (SELECT 1 FROM " + referenced + " WHERE " + referenced + ".id = " + table + "."
                    + agedThrough.column() + " AND " + referenced + "." + expired + ")";
        }
        return "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table + " WHERE " + expired
                + " LIMIT ?))";
    }
}
