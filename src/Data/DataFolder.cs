namespace MiiTelDashboard.Data;

/// <summary>
/// The owner-only folder for what the app keeps beside its data: the generated webhook token and
/// the Data Protection keys. It is the SQLite file's folder by default, so one folder holds one
/// install; <c>Data:Directory</c> names another (needed once the database is a server).
/// </summary>
public sealed record DataFolder(string Path)
{
    public const string ConfigKey = "Data:Directory";

    /// <summary>A path under this folder; the folder exists and is owner-only.</summary>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);
}

/// <summary>The configured database: which provider, and its connection string (never logged: it may hold a password).</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>Where the data is, for the log: the SQLite file, or PostgreSQL's host and database (no credentials).</summary>
    public string Description => Provider == DatabaseProvider.PostgreSQL
        ? new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) is var b ? $"PostgreSQL database {b.Database} on {b.Host}:{b.Port}" : ""
        : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;
}
