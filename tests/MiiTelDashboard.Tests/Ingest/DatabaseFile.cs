using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>Reads a database file from outside the app under test, as an operator's tool would.</summary>
public static class DatabaseFile
{
    private static SqliteConnection Open(string path, string mode = "ReadOnly") => new($"Data Source={path};Mode={mode};Pooling=False;Default Timeout=5");

    public static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = Open(path);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static async Task<string> IntegrityCheckAsync(string path)
    {
        await using var connection = Open(path);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<HashSet<string>> DetailIdsAsync(string path)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = Open(path);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Details";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }
}
