using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace MiiTelDashboard.Data;

/// <summary>
/// The operator's tools for the database file, run instead of the app and exiting:
/// <list type="bullet">
/// <item><c>dotnet run -- --backup FILE</c>: a consistent copy while the app keeps taking webhooks
/// (SQLite's online backup API reads one snapshot; in WAL mode the app's writer is not blocked), written
/// beside the target and renamed into place only once complete and checked.</item>
/// <item><c>dotnet run -- --check</c>: <c>PRAGMA integrity_check</c> and <c>foreign_key_check</c> of the
/// configured database; exit code 0 when both are clean, 1 otherwise.</item>
/// </list>
/// Neither migrates nor otherwise writes the configured database. Both are for SQLite's file: with
/// <c>Database:Provider</c> = PostgreSQL they say so and point to the server's own tools (pg_dump,
/// pg_amcheck), which back up and check a live database better than an app could.
/// </summary>
public static class DatabaseCommands
{
    public const string BackupFlag = "--backup";
    public const string CheckFlag = "--check";

    /// <summary>Runs a command when <paramref name="args"/> names one; returns the exit code, or null when none was asked for.</summary>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter? output = null)
    {
        var backupAt = Array.FindIndex(args, a => a.Equals(BackupFlag, StringComparison.OrdinalIgnoreCase));
        var check = args.Contains(CheckFlag, StringComparer.OrdinalIgnoreCase);
        if (backupAt < 0 && !check) return null;
        output ??= Console.Out;

        string? target = null;
        var rest = args.ToList();
        if (backupAt >= 0)
        {
            if (backupAt + 1 >= args.Length || args[backupAt + 1].StartsWith("--", StringComparison.Ordinal))
            {
                await output.WriteLineAsync($"{BackupFlag} needs the file to write, e.g. {BackupFlag} backups/miitel-2026-11-29.db");
                return 2;
            }
            target = Path.GetFullPath(args[backupAt + 1]);
            rest.RemoveRange(backupAt, 2);
        }
        rest.RemoveAll(a => a.Equals(CheckFlag, StringComparison.OrdinalIgnoreCase));

        // The flags are ours: the configuration's command-line parser would reject a bare switch.
        var builder = WebApplication.CreateBuilder(AppContentRoot.Options([.. rest]));
        var database = DataExtensions.ResolveDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        if (database.Provider == DatabaseProvider.PostgreSQL)
        {
            await output.WriteLineAsync(PostgreSqlAnswer(database, target is not null));
            return 2;
        }
        var source = new SqliteConnectionStringBuilder(database.ConnectionString);
        if (!File.Exists(source.DataSource))
        {
            await output.WriteLineAsync($"There is no database at {source.DataSource}.");
            return 2;
        }
        if (target is not null)
            return await BackupAsync(source.DataSource, target, output);
        return await CheckAsync(source.DataSource, output) ? 0 : 1;
    }

    /// <summary>What to run instead on PostgreSQL, naming the configured database (never its credentials).</summary>
    internal static string PostgreSqlAnswer(DatabaseSettings database, bool backup)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        var connect = $"-h {b.Host} -p {b.Port}{(b.Username is { Length: > 0 } u ? " -U " + u : "")}";
        return backup
            ? $"{BackupFlag} copies SQLite's database file; this app is configured for PostgreSQL ({database.Description}). "
              + $"Back it up with PostgreSQL's own tool while the app runs, e.g.: pg_dump {connect} -Fc -f miitel-{DateTime.UtcNow:yyyy-MM-dd}.dump {b.Database}  (restore with pg_restore)."
            : $"{CheckFlag} checks SQLite's database file; this app is configured for PostgreSQL ({database.Description}). "
              + $"Check it with PostgreSQL's own tool, e.g.: pg_amcheck {connect} --heapallindexed {b.Database}  (needs the amcheck extension).";
    }

    /// <summary>Copies <paramref name="databasePath"/> to <paramref name="target"/>; refuses to overwrite a file.</summary>
    public static async Task<int> BackupAsync(string databasePath, string target, TextWriter output)
    {
        if (File.Exists(target))
        {
            await output.WriteLineAsync($"{target} exists already; a backup never overwrites a file. Name a new one.");
            return 2;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        File.Delete(partial);
        var clock = Stopwatch.StartNew();
        await output.WriteLineAsync($"Backing up the SQLite database {databasePath} to {target} ...");
        await using (var from = Open(databasePath, SqliteOpenMode.ReadOnly))
        await using (var to = Open(partial, SqliteOpenMode.ReadWriteCreate))
        {
            from.BackupDatabase(to);
            // A standalone copy: one file, no -wal beside it.
            await using var cmd = to.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode=DELETE;";
            await cmd.ExecuteNonQueryAsync();
        }
        if (!await CheckAsync(partial, output))
        {
            await output.WriteLineAsync($"The copy failed its check and was left as {partial}; {target} was not written.");
            return 1;
        }
        File.Move(partial, target);
        await output.WriteLineAsync($"Backup complete: {new FileInfo(target).Length / 1024.0 / 1024.0:N1} MB in {clock.Elapsed.TotalSeconds:N1} s.");
        return 0;
    }

    /// <summary>Runs SQLite's own checks and prints what they found, with the calls the file holds.</summary>
    public static async Task<bool> CheckAsync(string databasePath, TextWriter output)
    {
        try
        {
            return await CheckOrThrowAsync(databasePath, output);
        }
        catch (SqliteException e)
        {
            // A file damaged badly enough fails before the checks can report anything.
            await output.WriteLineAsync($"{databasePath}: SQLite cannot read it: {e.Message}");
            return false;
        }
    }

    private static async Task<bool> CheckOrThrowAsync(string databasePath, TextWriter output)
    {
        await using var db = Open(databasePath, SqliteOpenMode.ReadOnly);
        var integrity = await ReadAllAsync(db, "PRAGMA integrity_check;");
        var foreignKeys = await ReadAllAsync(db, "PRAGMA foreign_key_check;");
        var ok = integrity is ["ok"] && foreignKeys.Count == 0;
        await using (var count = db.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'Details';";
            var hasCalls = Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
            count.CommandText = "SELECT count(*) FROM Details;";
            var calls = hasCalls ? Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) : 0;
            await output.WriteLineAsync($"SQLite database {databasePath}: {calls:N0} call details.");
        }
        await output.WriteLineAsync(ok ? "integrity_check: ok; foreign_key_check: ok" : "Problems found:");
        foreach (var line in integrity.Where(l => l != "ok").Concat(foreignKeys.Select(f => "foreign key: " + f)))
            await output.WriteLineAsync("  " + line);
        return ok;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task<List<string>> ReadAllAsync(SqliteConnection db, string sql)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString())));
        return rows;
    }
}
