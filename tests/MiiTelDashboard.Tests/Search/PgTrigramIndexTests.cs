using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;
using MiiTelDashboard.Search;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Search;

/// <summary>
/// The SQL that PostgreSQL search runs can be answered by pg_trgm's GIN index: its plan reads
/// <c>IX_CallSearch_Trigram</c>, not the whole <c>CallSearch</c> table. Both ways of reading every row
/// (a sequential scan, a walk of the primary key) are priced out in the session, so the plan does not
/// depend on the table's size or statistics; a predicate the index cannot answer (a match wrapped in
/// a function) still gets a Seq Scan then.
/// </summary>
public sealed class PgTrigramIndexTests(PgTrigramIndexTests.Calls calls) : IClassFixture<PgTrigramIndexTests.Calls>
{
    private const string Index = "IX_CallSearch_Trigram";

    private readonly AppFactory app = calls.App;

    /// <summary>An app on PostgreSQL holding one posted call and 2,000 copies of it, each with its own text, analysed.</summary>
    public sealed class Calls : IAsyncLifetime
    {
        public AppFactory App { get; } = AppFactory.For(DatabaseProvider.PostgreSQL);

        public async Task InitializeAsync()
        {
            var id = await App.PostAsync(SearchData.Call(SearchData.NewCircuit(), [new(false, "お見積書を今週中に送っていただけますか", 1)]));
            await using var db = await App.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Details" SELECT (jsonb_populate_record(d, jsonb_build_object('Id', 'copy-' || g))).* FROM "Details" d, generate_series(1, 2000) g WHERE d."Id" = {0};
                INSERT INTO "CallSearch" SELECT 'copy-' || g, md5(g::text), md5((g + 1)::text), NULL FROM generate_series(1, 2000) g;
                ANALYZE "Details"; ANALYZE "CallSearch";
                """, id);
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }

    [Theory]
    [InlineData("見積書", null)]
    [InlineData("見積書 -今週中", null)]
    [InlineData("見積書 料金表", null)]
    [InlineData("見積書", SearchSide.Customer)]
    [InlineData("見積書", SearchSide.Operator)]
    public async Task SearchOfLongTerms_ReadsTheTrigramIndex(string q, SearchSide? side)
    {
        var query = SearchQuery.Parse(q);
        await using var db = await OpenAsync();

        var plan = await ExplainAsync(db, PgTrigram.Ranked(db, query.Include, query.Exclude, side, CallAccess.Everything, CallFilter.All));

        Assert.True(plan.Contains($"Bitmap Index Scan on \"{Index}\"", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("Seq Scan on \"CallSearch\"", plan);
    }

    [Fact]
    public async Task CallsHoldingAnExcludedTerm_AreFoundThroughTheTrigramIndex()
    {
        var query = SearchQuery.Parse("-見積書 -料金表");
        await using var db = await OpenAsync();

        var plan = await ExplainAsync(db, PgTrigram.Matching(db, query.Exclude, null));

        Assert.True(plan.Contains($"Bitmap Index Scan on \"{Index}\"", StringComparison.Ordinal), plan);
        Assert.DoesNotContain("Seq Scan on \"CallSearch\"", plan);
    }

    private async Task<CallsDbContext> OpenAsync()
    {
        var db = await app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off; SET enable_indexscan = off");
        return db;
    }

    /// <summary>EXPLAIN of exactly the command EF sends for <paramref name="query"/>, parameters included.</summary>
    private static async Task<string> ExplainAsync<T>(CallsDbContext db, IQueryable<T> query)
    {
        await using DbCommand command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN " + command.CommandText;
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
