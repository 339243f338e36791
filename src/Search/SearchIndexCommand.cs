using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Search;

/// <summary>
/// <c>dotnet run -- --rebuild-search-index</c>: rebuilds the search index (CallSearch) from the stored calls
/// (after a restore, a VACUUM that renumbered rowids, a manual edit of the database, or an index gone
/// out of step), prints what it did and exits. The ingest writer keeps it current otherwise; this is
/// the repair tool.
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
        var builder = WebApplication.CreateBuilder(AppContentRoot.Options(rest));
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
        output.WriteLine($"Rebuilding the search index of {source} ...");
        var clock = Stopwatch.StartNew();
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await CallSearchIndex.RebuildAsync(db, ct);
            await tx.CommitAsync(ct);
        }
        await CallSearchIndex.OptimizeAsync(db, ct);

        var calls = await db.Details.CountAsync(ct);
        output.WriteLine($"Indexed {calls:N0} call details (their utterances, tags, comments and minutes) in {clock.Elapsed.TotalSeconds:N1} s.");
    }
}
