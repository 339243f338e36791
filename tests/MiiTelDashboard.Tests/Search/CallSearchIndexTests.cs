using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Search;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Search;

/// <summary>
/// <see cref="CallSearchIndex"/> as the ingest writer's <see cref="ISearchIndexer"/>: the CallSearch row
/// of each call follows what ingest stored, in the writer's own transaction.
/// </summary>
public sealed class CallSearchIndexTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public void TheWriter_IndexesThroughSearchsIndex()
    {
        Assert.IsType<CallSearchIndex>(app.Services.GetRequiredService<ISearchIndexer>());
    }

    [Fact]
    public async Task NewCall_GetsOneRow_WithEachSidesWordsAndItsNotes()
    {
        var circuit = SearchData.NewCircuit();
        var id = await app.PostAsync(SearchData.Call(circuit, [new(true, "新規索引の営業トーク", 1), new(false, "新規索引の顧客発言", 4)], edit: d =>
        {
            d["tags"] = new JsonArray(new JsonObject { ["value"] = "新規索引タグ" });
            d["comments"] = new JsonArray(new JsonObject { ["value"] = "新規索引コメント" });
            d["minutes"] = new JsonObject { ["summary"] = "新規索引議事録" };
        }));

        var row = Assert.Single(await app.CallSearchRowsAsync(id));
        Assert.Equal("新規索引の営業トーク", row.Operator);
        Assert.Equal("新規索引の顧客発言", row.Customer);
        Assert.Equal(["新規索引タグ", "新規索引コメント", "新規索引議事録"], row.Notes!.Split('\n'));
        Assert.Equal([id], (await app.SearchAsync(circuit, "営業トーク side:operator")).Ids());
        Assert.Equal([id], (await app.SearchAsync(circuit, "新規索引議事録")).Ids());
    }

    [Fact]
    public async Task ResentCall_WithOnlyItsTagsChanged_KeepsItsTranscript_AndReplacesItsNotes()
    {
        var circuit = SearchData.NewCircuit();
        var body = SearchData.Call(circuit, [new(false, "再送でも残る発言", 1)], edit: d => d["tags"] = new JsonArray(new JsonObject { ["value"] = "古いタグ付け" }));
        var id = await app.PostAsync(body);

        // A later delivery without phrases leaves the stored transcript alone (IngestWriter.Merge).
        var resent = SearchData.Call(circuit, [], detailId: id, edit: d =>
        {
            d.Remove("phrases");
            d["tags"] = new JsonArray(new JsonObject { ["value"] = "新しいタグ付け" });
        });
        await app.PostAsync(resent);

        var row = Assert.Single(await app.CallSearchRowsAsync(id));
        Assert.Equal("再送でも残る発言", row.Customer);
        Assert.Equal("新しいタグ付け", row.Notes);
        Assert.Equal([id], (await app.SearchAsync(circuit, "再送でも残る")).Ids());
        Assert.Equal([id], (await app.SearchAsync(circuit, "新しいタグ付け")).Ids());
        Assert.Empty((await app.SearchAsync(circuit, "古いタグ付け")).Ids());
    }

    [Fact]
    public async Task ResentCall_WithNewPhrases_MovesWordsBetweenSides()
    {
        var circuit = SearchData.NewCircuit();
        var id = await app.PostAsync(SearchData.Call(circuit, [new(true, "sidestep alpha", 1), new(false, "sidestep beta", 3)]));

        await app.PostAsync(SearchData.Call(circuit, [new(false, "sidestep alpha", 1)], detailId: id));

        var row = Assert.Single(await app.CallSearchRowsAsync(id));
        Assert.Null(row.Operator);
        Assert.Equal("sidestep alpha", row.Customer);
        Assert.Empty((await app.SearchAsync(circuit, "alpha side:operator")).Ids());
        Assert.Equal([id], (await app.SearchAsync(circuit, "alpha side:customer")).Ids());
        Assert.Empty((await app.SearchAsync(circuit, "sidestep beta")).Ids());
    }

    [Fact]
    public async Task DeletedCall_LeavesNoRow_EvenWhenTheNextCallReusesItsRowid()
    {
        var circuit = SearchData.NewCircuit();
        var gone = await app.PostAsync(SearchData.Call(circuit, [new(false, "消える通話の言葉", 1)]));
        var rowid = await ScalarAsync("SELECT rowid FROM Details WHERE Id = $id", gone);

        // As a retention job or an operator with sqlite3 would: the children go by cascade.
        await ExecuteAsync("PRAGMA foreign_keys = ON; DELETE FROM Details WHERE Id = $id", gone);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM CallSearch WHERE rowid = $id", rowid));
        Assert.Empty((await app.SearchAsync(circuit, "消える通話")).Ids());

        // SQLite hands the highest freed rowid to the next row; its index row must be its own.
        var next = await app.PostAsync(SearchData.Call(circuit, [new(false, "次の通話の言葉", 1)]));
        Assert.Empty((await app.SearchAsync(circuit, "消える通話")).Ids());
        Assert.Equal([next], (await app.SearchAsync(circuit, "次の通話")).Ids());
        Assert.Single(await app.CallSearchRowsAsync(next));
    }

    [Fact]
    public async Task IndexFailure_RollsBackTheDelivery_SoTheCallIsNeverStoredUnindexed()
    {
        await using var own = new AppFactory();
        var circuit = SearchData.NewCircuit();
        await own.PostAsync(SearchData.Call(circuit, [new(false, "索引より前の通話", 1)]));
        await using (var conn = new SqliteConnection($"Data Source={own.DatabasePath}"))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "ALTER TABLE CallSearch RENAME TO CallSearchAway;";
            await cmd.ExecuteNonQueryAsync();
        }

        using var client = own.WebhookClient();
        var body = SearchData.Call(circuit, [new(false, "索引できない通話", 1)]);
        var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(body.Text()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        await using var check = new SqliteConnection($"Data Source={own.DatabasePath}");
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Details WHERE Id = $id";
        count.Parameters.AddWithValue("$id", Bodies.Detail(body)["id"]!.GetValue<string>());
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    private async Task<long> ScalarAsync(string sql, object id)
    {
        await using var conn = await OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$id", id);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, string id)
    {
        await using var conn = await OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$id", id);
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var conn = new SqliteConnection($"Data Source={app.DatabasePath}");
        await conn.OpenAsync();
        return conn;
    }
}
