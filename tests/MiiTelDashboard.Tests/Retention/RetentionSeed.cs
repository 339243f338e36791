using System.Globalization;
using System.Text.Json.Nodes;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Data;
using Npgsql;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Retention;

/// <summary>Calls dated for retention tests, each findable by its own word, and direct reads of the database file.</summary>
internal static class RetentionSeed
{
    /// <summary>Older than any retention period the tests configure.</summary>
    public static readonly DateTime Old = AppFactory.Now.AddDays(-400);
    /// <summary>Inside every retention period the tests configure.</summary>
    public static readonly DateTime Recent = AppFactory.Now.AddDays(-2);

    /// <summary>
    /// The sample call started at <paramref name="startedUtc"/>, with <paramref name="word"/> in its
    /// first utterance and in a tag, so search can find it by transcript and by note.
    /// </summary>
    public static JsonObject Call(string id, DateTime startedUtc, string word) => Bodies.Call(id, d => Edit(d, startedUtc, word));

    /// <summary>One delivery carrying two legs: <paramref name="first"/> and <paramref name="second"/>, each with its own start and word.</summary>
    public static JsonObject TwoLegs((string Id, DateTime At, string Word) first, (string Id, DateTime At, string Word) second)
    {
        var root = Call(first.Id, first.At, first.Word);
        var leg = JsonNode.Parse(Bodies.Detail(root).ToJsonString())!.AsObject();
        leg["id"] = second.Id;
        Edit(leg, second.At, second.Word);
        root["call"]!["details"]!.AsArray().Add(leg);
        root["call"]!["id"] = "two-legs";
        return root;
    }

    private static void Edit(JsonObject d, DateTime startedUtc, string word)
    {
        static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        d["dial_starts_at"] = Iso(startedUtc);
        d["dial_answered_at"] = Iso(startedUtc.AddSeconds(10));
        d["dial_ends_at"] = Iso(startedUtc.AddSeconds(63));
        d["phrases"]![0]!["raw"]![0]!["phrase"] = $"Hello, this is about {word} today.";
        d["tags"] = new JsonArray(new JsonObject { ["created_by"] = "Edgardo", ["creator_type"] = "TENANT_USER", ["value"] = word + " tag" });
    }

    /// <summary>
    /// Reads the database beside the app on its own connection: SQLite's file read-only, or the app's
    /// PostgreSQL database. <paramref name="sql"/> is SQLite's; <paramref name="postgreSql"/> the same
    /// question in PostgreSQL's dialect (parameters as @name there, $name in SQLite's).
    /// </summary>
    public static async Task<long> ScalarAsync(AppFactory app, string sql, string postgreSql, params (string Name, object Value)[] parameters)
    {
        var pg = app.Provider == DatabaseProvider.PostgreSQL;
        await using DbConnection connection = pg
            ? new NpgsqlConnection(app.PostgresConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = app.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = pg ? postgreSql : sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name.TrimStart('$', '@');
            p.Value = value;
            command.Parameters.Add(p);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>CallSearch rows that match <paramref name="word"/> (as one phrase), straight from the index's table.</summary>
    public static Task<long> SearchRowsAsync(AppFactory app, string word) =>
        ScalarAsync(app, "SELECT count(*) FROM CallSearch WHERE CallSearch MATCH $q;",
            "SELECT count(*) FROM \"CallSearch\" WHERE concat_ws(E'\\n', \"Operator\", \"Customer\", \"Notes\") ILIKE '%' || @q || '%';",
            ("q", app.Provider == DatabaseProvider.PostgreSQL ? word : "\"" + word + "\""));

    /// <summary>CallSearch rows of no call: what a deletion that forgot the index would leave.</summary>
    public static Task<long> OrphanSearchRowsAsync(AppFactory app) =>
        ScalarAsync(app, "SELECT count(*) FROM CallSearch WHERE rowid NOT IN (SELECT rowid FROM Details);",
            "SELECT count(*) FROM \"CallSearch\" WHERE \"DetailId\" NOT IN (SELECT \"Id\" FROM \"Details\");");
}
