using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;
using MiiTelDashboard.Data.Migrations;

namespace MiiTelDashboard.Search;

/// <summary>
/// <c>dotnet run -- --rebuild-search-index</c>: rebuilds the search indexes (UtteranceSearch, NoteSearch, CallSearch) from the stored calls
/// (after a restore, a manual edit of the database, or an index gone out of step), prints what it
/// did and exits. The triggers keep the indexes current otherwise; this is the repair tool.
/// </summary>
public static class SearchIndexCommand
{
    public const string Flag = "--rebuild-search-index";

    /// <summary>Runs the rebuild when <paramref name="args"/> asks for it; returns whether it did.</summary>
    public static async Task<bool> TryRunAsync(string[] args, TextWriter? output = null)
    {
        if (!args.Contains(Flag, StringComparer.OrdinalIgnoreCase)) return false;
        output ??= Console.Out;
        // The flag is ours: the configuration's command-line parser would reject a bare switch.
        var rest = args.Where(a => !string.Equals(a, Flag, StringComparison.OrdinalIgnoreCase)).ToArray();
        var builder = WebApplication.CreateBuilder(rest);
        builder.AddData();
        await using var app = builder.Build();
        await app.MigrateDatabaseAsync();
        var factory = app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();
        await RebuildAsync(factory, output, CancellationToken.None);
        return true;
    }

    public static async Task RebuildAsync(IDbContextFactory<CallsDbContext> factory, TextWriter output, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var source = db.Database.GetDbConnection().DataSource;
        output.WriteLine($"Rebuilding the search indexes of {source} ...");
        var clock = Stopwatch.StartNew();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO UtteranceSearch(UtteranceSearch) VALUES ('rebuild');", ct);
            await db.Database.ExecuteSqlRawAsync(NoteSearch.RebuildSql, ct);
            // Also repairs call rows whose Details rowid a VACUUM renumbered.
            await CallSearchIndex.RebuildAsync(db, ct);
            await tx.CommitAsync(ct);
        }
        await db.Database.ExecuteSqlRawAsync("INSERT INTO UtteranceSearch(UtteranceSearch) VALUES ('optimize'); INSERT INTO NoteSearch(NoteSearch) VALUES ('optimize'); INSERT INTO CallSearch(CallSearch) VALUES ('optimize');", ct);

        var utterances = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM RawUtterances").SingleAsync(ct);
        var calls = await db.Details.CountAsync(ct);
        var notes = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM NoteSearch").SingleAsync(ct);
        output.WriteLine($"Indexed {utterances:N0} utterances of {calls:N0} call details, and {notes:N0} tags, comments and minutes, in {clock.Elapsed.TotalSeconds:N1} s.");
    }
}
