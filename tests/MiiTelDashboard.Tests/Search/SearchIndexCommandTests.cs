using System.Data.Common;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Data;
using MiiTelDashboard.Search;
using MiiTelDashboard.Tests.Infrastructure;
using Npgsql;

namespace MiiTelDashboard.Tests.Search;

public abstract class SearchIndexCommandTests(DatabaseProvider provider)
{
    [Fact]
    public async Task RebuildFlag_RefillsTheEmptiedIndex_FromTheStoredCalls()
    {
        await using var app = AppFactory.For(provider);
        var circuit = SearchData.NewCircuit();
        var id = await app.PostAsync(SearchData.Call(circuit, [new(false, "再構築テストの発言です", 1)], edit: d =>
            d["tags"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["value"] = "再構築メモ" })));
        await using (DbConnection conn = app.PostgresConnectionString is { } pg ? new NpgsqlConnection(pg) : new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "DELETE FROM \"CallSearch\";";
            await cmd.ExecuteNonQueryAsync();
        }
        Assert.Empty((await app.SearchAsync(circuit, "再構築テスト")).Ids());

        var output = new StringWriter();
        string[] database = app.PostgresConnectionString is { } connectionString
            ? ["--Database:Provider=PostgreSQL", $"--ConnectionStrings:Calls={connectionString}"]
            : [$"--ConnectionStrings:Calls=Data Source={app.DatabasePath}"];
        var ran = await SearchIndexCommand.TryRunAsync([SearchIndexCommand.Flag, .. database], output);

        Assert.True(ran);
        Assert.Contains("Indexed 1 ", output.ToString().Replace(",", ""));
        Assert.Equal([id], (await app.SearchAsync(circuit, "再構築テスト")).Ids());
        Assert.Equal([id], (await app.SearchAsync(circuit, "再構築メモ")).Ids());
    }

    [Fact]
    public async Task WithoutTheFlag_NothingRuns() =>
        Assert.False(await SearchIndexCommand.TryRunAsync(["--urls", "http://127.0.0.1:0"]));

    public sealed class OnSqlite() : SearchIndexCommandTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : SearchIndexCommandTests(DatabaseProvider.PostgreSQL);
}
