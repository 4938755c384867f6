using Npgsql;

namespace FastIo.Orleans.Grains.Persistence;

internal static class PostgresErrors
{
    private const string UniqueViolation = "23505";

    /// <summary>True when another writer already holds the sequence numbers this append wanted.</summary>
    public static bool IsSequenceConflict(this PostgresException exception) =>
        exception.SqlState == UniqueViolation && exception.ConstraintName == "events_pkey";

    /// <summary>True when an idempotency key this append carried is already in the log.</summary>
    public static bool IsIdempotencyConflict(this PostgresException exception) =>
        exception.SqlState == UniqueViolation && exception.ConstraintName == "events_idempotency_key";

    /// <summary>
    /// An error that came from PostgreSQL or the way to it (Npgsql's own, or a socket), directly or as the cause.
    /// Unlike <see cref="IsStoreFault"/> it leaves out timeouts of other origins, such as a grain call's.
    /// </summary>
    public static bool IsFromStore(Exception exception) =>
        exception is NpgsqlException or System.Net.Sockets.SocketException
            || exception.InnerException is NpgsqlException or System.Net.Sockets.SocketException;

    /// <summary>Faults of the store itself (unreachable, timed out, refused), as opposed to bugs.</summary>
    public static bool IsStoreFault(Exception exception) =>
        exception is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException
            || exception.InnerException is NpgsqlException or TimeoutException;
}
