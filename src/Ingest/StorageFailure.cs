using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MiiTelDashboard.Ingest;

/// <summary>
/// Tells a failure of the store from a failure of one body. MiiTel re-sends every 5xx for as long
/// as it gets one: a 503 is right only when a later try can succeed (a lock, a full disk, an I/O
/// error, a shutdown); anything else that storing one body raised would fail that body the same way
/// forever, so it is refused instead.
/// </summary>
internal static class StorageFailure
{
    // Primary result codes (https://sqlite.org/rescode.html). CORRUPT and NOTADB are here too: a damaged
    // file is the server's fault, not the body's, and refusing would drop every call until it is restored.
    private static readonly Dictionary<int, string> Reasons = new()
    {
        [5] = "The database was locked by another connection for longer than the busy timeout.", // SQLITE_BUSY
        [6] = "A table was locked by another connection of this process.", // SQLITE_LOCKED
        [7] = "The database ran out of memory.", // SQLITE_NOMEM
        [8] = "The database file is read-only.", // SQLITE_READONLY
        [9] = "The write was interrupted.", // SQLITE_INTERRUPT
        [10] = "The file system failed to read or write the database.", // SQLITE_IOERR
        [11] = "The database file is damaged; run --check.", // SQLITE_CORRUPT
        [13] = "The disk holding the database is full.", // SQLITE_FULL
        [14] = "The database file could not be opened.", // SQLITE_CANTOPEN
        [15] = "The database's locking protocol failed.", // SQLITE_PROTOCOL
        [26] = "The database file is not a database; run --check.", // SQLITE_NOTADB
        // A generic SQL error (a table missing after a failed upgrade or a hand edit) is the schema's fault,
        // never the body's: refusing would drop the call for good, while a retry succeeds once it is repaired.
        [1] = "The database's schema is not what this version of the app expects; see the server log.", // SQLITE_ERROR
        [17] = "The database's schema changed while writing.", // SQLITE_SCHEMA
    };

    /// <summary>
    /// PostgreSQL's SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html)
    /// that are the server's trouble, never a body's: a retry succeeds once it is over.
    /// </summary>
    private static readonly Dictionary<string, string> PgClasses = new()
    {
        ["08"] = "The connection to the database server failed.",
        ["53"] = "The database server ran out of resources (disk, memory or connections).",
        ["57"] = "The database server is shutting down, starting or cancelled the write.",
        ["58"] = "The database server failed to read or write its files.",
        ["XX"] = "The database server reported damaged data; see its log.",
        ["28"] = "The database server refused the app's credentials.",
        ["3D"] = "The database named in the connection string does not exist.",
        ["40"] = "The write conflicted with another instance's and was rolled back.",
        ["55"] = "A database object was locked or in use.",
        ["25"] = "The database is read-only (a standby, or a read-only transaction).",
    };

    /// <summary>Single SQLSTATEs outside those classes that are the store's fault, not the body's.</summary>
    private static readonly Dictionary<string, string> PgStates = new()
    {
        // A table or column missing: the schema's fault after a failed upgrade or a hand edit (as SQLITE_ERROR above).
        ["42P01"] = "The database's schema is not what this version of the app expects; see the server log.",
        ["42703"] = "The database's schema is not what this version of the app expects; see the server log.",
        ["42883"] = "The database's schema is not what this version of the app expects; see the server log.",
        // Ingest serialises the writes of one detail id across instances; a duplicate key means it raced anyway.
        ["23505"] = "The write conflicted with another instance's and was rolled back.",
    };

    /// <summary>
    /// Whether <paramref name="e"/> is a conflict with a concurrent writer (another instance on the same
    /// PostgreSQL database), which the writer retries at once on a fresh transaction.
    /// </summary>
    public static bool IsConflict(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException p when p.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation:
                    return true;
                // A row this batch read was deleted (a call deletion) or changed before its UPDATE.
                case DbUpdateConcurrencyException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// A plain sentence (never the exception's own text) when <paramref name="e"/>, or an exception
    /// it wraps (EF wraps SQLite's in <c>DbUpdateException</c>), is a failure of the store; null otherwise.
    /// </summary>
    public static string? Describe(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqliteException s when Reasons.TryGetValue(s.SqliteErrorCode & 0xFF, out var reason):
                    return reason;
                case PostgresException p when PgStates.TryGetValue(p.SqlState, out var reason):
                    return reason;
                case PostgresException p when p.SqlState.Length == 5 && PgClasses.TryGetValue(p.SqlState[..2], out var reason):
                    return reason;
                case PostgresException:
                    // Any other error the server raised for this statement: the body's (e.g. 22xxx, a value it cannot hold).
                    return null;
                case NpgsqlException:
                    // Not from the server: the connection, a timeout, the network.
                    return "The connection to the database server failed.";
                case DbUpdateConcurrencyException:
                    return "The write conflicted with another instance's and was rolled back.";
                case TimeoutException:
                    return "The database server did not answer in time.";
                case IOException:
                    return "The file system failed to read or write the database.";
                case OperationCanceledException:
                    return ShuttingDown;
            }
        }
        return null;
    }

    public const string ShuttingDown = "The server is shutting down.";
}
