using Microsoft.Data.Sqlite;

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
