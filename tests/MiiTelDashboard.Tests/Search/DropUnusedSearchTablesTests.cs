using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MiiTelDashboard.Data;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Search;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Search;

/// <summary>
/// The DropUnusedSearchTables and MergeDetailsCoveringIndexes migrations on a database that holds
/// calls: what they drop is gone, what search needs stays, and Down puts back what Up took.
/// </summary>
public sealed class DropUnusedSearchTablesTests
{
    private const string Before = "20261125141637_CallSearch";

    private static readonly string[] Dropped =
    [
        "UtteranceSearch", "RawUtterances", "NoteSearch",
        "Utterances_ai", "Utterances_ad", "Utterances_au",
        "Tags_search_ai", "Tags_search_ad", "Tags_search_au",
        "Comments_search_ai", "Comments_search_ad", "Comments_search_au",
        "Details_search_ai", "Details_search_ad", "Details_search_au",
        "IX_Details_Analytics", "IX_Details_CallList",
    ];

    [Fact]
    public async Task AnExistingDatabaseWithCalls_IsMigratedOnStart_AndSearchStillFindsThem()
    {
        await using var app = new AppFactory();
        // The database as the previous release left it: its schema, two calls stored and indexed.
        await using (var db = Context(app.DatabasePath))
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            db.Details.AddRange(
                Call("old-1", "旧スキーマの見積書の件です", tag: "旧スキーマ要フォロー"),
                Call("old-2", "An old schema pricing question", tag: null));
            await db.SaveChangesAsync();
            await CallSearchIndex.RebuildAsync(db, default);
            // The old triggers were live: the per-utterance and per-note tables got the rows.
            Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM UtteranceSearch WHERE UtteranceSearch MATCH '\"見積書\"'"));
            Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM NoteSearch WHERE NoteSearch MATCH '\"要フォロー\"'"));
        }
        SqliteConnection.ClearAllPools();

        // Starting the app applies the new migrations.
        var found = await app.SearchAsync("old-circuit", "見積書");

        Assert.Equal(["old-1"], found.Ids());
        var item = found["items"]![0]!;
        Assert.Equal("旧スキーマの見積書の件です", item["snippet"]!.GetValue<string>());
        Assert.Equal(12.5, item["startAt"]!.GetValue<double>());
        Assert.Equal(["old-2"], (await app.SearchAsync("old-circuit", "PRICING question")).Ids());
        var note = (await app.SearchAsync("old-circuit", "要フォロー"))["items"]![0]!["hits"]![0]!;
        Assert.Equal("tag", note["source"]!.GetValue<string>());

        await using var after = Context(app.DatabasePath);
        Assert.Empty((await SchemaNamesAsync(after)).Intersect(Dropped));
        Assert.Contains("IX_Details_Covering", await SchemaNamesAsync(after));
        Assert.Contains("Details_callsearch_ad", await SchemaNamesAsync(after));
    }

    [Fact]
    public async Task Down_RestoresTheTablesFilledFromTheStoredCalls_AndUpDropsThemAgain()
    {
        var folder = Path.Combine(Path.GetTempPath(), "miitel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var db = Context(Path.Combine(folder, "down.db"));
            await db.Database.MigrateAsync();
            db.Details.Add(Call("down-1", "ダウングレードの見積書", tag: "ダウン要フォロー"));
            await db.SaveChangesAsync();
            Assert.Empty((await SchemaNamesAsync(db)).Intersect(Dropped));

            await db.GetService<IMigrator>().MigrateAsync(Before);

            Assert.Equal(Dropped.Order(), (await SchemaNamesAsync(db)).Intersect(Dropped).Order());
            Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM UtteranceSearch WHERE UtteranceSearch MATCH '\"ダウングレード\"'"));
            Assert.Equal(1L, await ScalarAsync(db, "SELECT COUNT(*) FROM NoteSearch WHERE NoteSearch MATCH '\"ダウン要フォロー\"'"));
            Assert.DoesNotContain("IX_Details_Covering", await SchemaNamesAsync(db));

            await db.Database.MigrateAsync();

            Assert.Empty((await SchemaNamesAsync(db)).Intersect(Dropped));
            Assert.Contains("IX_Details_Covering", await SchemaNamesAsync(db));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The sample call on circuit "old-circuit", with one customer utterance at 12.5 s and an optional tag.</summary>
    private static CallDetail Call(string id, string text, string? tag)
    {
        var root = SearchData.Call("old-circuit", [new(false, text, 12.5)], detailId: id, edit: d =>
        {
            if (tag is not null) d["tags"] = new JsonArray(new JsonObject { ["value"] = tag });
        });
        // Parsed, as the webhook hands details to the mapper (built nodes hold CLR values, not JSON).
        var detail = JsonNode.Parse(Bodies.Detail(root).ToJsonString())!.AsObject();
        var now = DateTime.UtcNow;
        var call = DetailMapper.Map(id, detail, detail.ToJsonString(), id, "test", now, []);
        call.Version = 1;
        return call;
    }

    private static CallsDbContext Context(string path) =>
        new(new DbContextOptionsBuilder<CallsDbContext>().UseSqlite($"Data Source={path}").Options);

    private static async Task<long> ScalarAsync(CallsDbContext db, string sql)
    {
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static Task<List<string>> SchemaNamesAsync(CallsDbContext db) =>
        db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master").ToListAsync();
}
