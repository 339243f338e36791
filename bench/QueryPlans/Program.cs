// EXPLAIN QUERY PLAN of every command the Details-reading pages send: the overview set, both
// rankings, the filter choices, the calls list (count and page of ids for each sort, both
// directions, with and without a circuit filter) and a filtered search.
//   dotnet run -c Release --project bench/QueryPlans -- --db <file> [--migration <id>] [--no-stats]
// With --migration, a fresh file is created and migrated up to that migration (no rows, no ANALYZE:
// the statistics a customer's database has, since the app never runs ANALYZE); otherwise the given
// database is used as it is. The real query services run through an interceptor that records each
// command; each is then explained with its own parameters. A line "SCAN d" without an index (a full
// read of the wide Details rows) is flagged.
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Analytics;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Components;
using MiiTelDashboard.Data;
using MiiTelDashboard.Search;

var path = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? throw new ArgumentException("--db <file> is required.");
var migration = args.SkipWhile(a => a != "--migration").Skip(1).FirstOrDefault();
var recorder = new Recorder();
var cs = $"Data Source={path}";
var services = new ServiceCollection()
    .AddLogging()
    .AddDbContextFactory<CallsDbContext>(o => o.UseSqlite(cs).AddInterceptors(recorder))
    .AddSingleton<OverviewQuery>()
    .AddSingleton<RankingQuery>()
    .AddSingleton(TimeProvider.System)
    .AddSingleton<FilterOptionsQuery>()
    .AddSingleton<CallQueries>()
    .AddSingleton(Options.Create(new SearchOptions()))
    .AddSingleton<SearchService>()
    .BuildServiceProvider();
var factory = services.GetRequiredService<IDbContextFactory<CallsDbContext>>();
if (migration is not null)
{
    if (File.Exists(path)) throw new InvalidOperationException($"{path} exists; --migration creates a fresh file.");
    await using var db = await factory.CreateDbContextAsync();
    await db.GetService<IMigrator>().MigrateAsync(migration);
}
recorder.On = true;

var browser = BrowserContext.Resolve("Asia/Tokyo", "ja-JP");
var today = new DateOnly(2026, 11, 25);
var last30 = new PageFilter();
var groups = new List<(string Name, Func<Task> Run)>
{
    ("overview, last 30 days", () => services.GetRequiredService<OverviewQuery>().GetAsync(last30, browser, today)),
    ("users ranking, last 30 days", () => services.GetRequiredService<RankingQuery>().GetAsync(RankBy.User, last30, browser, today)),
    ("circuits ranking, last 30 days", () => services.GetRequiredService<RankingQuery>().GetAsync(RankBy.Circuit, last30, browser, today)),
    ("filter choices", () => services.GetRequiredService<FilterOptionsQuery>().GetAsync()),
};
var callFilter = last30.ToCallFilter(browser.Zone, today);
foreach (var column in Enum.GetValues<CallSortColumn>())
{
    foreach (var descending in new[] { true, false })
    {
        var sort = new CallSort(column, descending);
        groups.Add(($"calls list, last 30 days, sort {sort.Name} {(descending ? "desc" : "asc")}", () => services.GetRequiredService<CallQueries>().PageAsync(callFilter, sort, 2, 50, default)));
    }
}
groups.Add(("calls list, one circuit, last 30 days, newest first", () => services.GetRequiredService<CallQueries>().PageAsync(callFilter with { Circuit = "東京営業部" }, CallSort.Default, 1, 50, default)));
groups.Add(("calls list, all time, sort score desc", () => services.GetRequiredService<CallQueries>().PageAsync(new CallFilter(), new CallSort(CallSortColumn.Score, true), 1, 50, default)));
groups.Add(("search 見積書, last 30 days", () => services.GetRequiredService<SearchService>().SearchAsync(new SearchRequest("見積書", callFilter), default)));

await using var conn = new SqliteConnection(cs);
await conn.OpenAsync();
// The search's ranking function must exist for its commands to be prepared.
Fts5Rank.Register(conn);
var flagged = 0;
foreach (var (name, run) in groups)
{
    recorder.Commands.Clear();
    await run();
    Console.WriteLine($"## {name}");
    foreach (var (sql, parameters) in recorder.Commands.Distinct())
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        await using var reader = await cmd.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(3));
        var scans = lines.Where(l => l.StartsWith("SCAN d", StringComparison.Ordinal) && !l.Contains("INDEX", StringComparison.Ordinal)).ToList();
        flagged += scans.Count;
        Console.WriteLine($"  {string.Join(" | ", lines)}{(scans.Count > 0 ? "   <-- TABLE SCAN" : "")}");
        if (scans.Count > 0) Console.WriteLine($"    of: {sql.ReplaceLineEndings(" ")}");
    }
}
Console.WriteLine();
Console.WriteLine(flagged == 0 ? "No query reads Details by a table scan." : $"{flagged} plan line(s) scan the Details table.");

/// <summary>Records the SQL and parameters of each command (SQLite parameters are bound by name).</summary>
sealed class Recorder : DbCommandInterceptor
{
    public bool On { get; set; }
    public List<(string Sql, (string Name, object? Value)[] Parameters)> Commands { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        if (!On || command.CommandText.StartsWith("PRAGMA", StringComparison.Ordinal)) return;
        lock (Commands)
            Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToArray()));
    }
}
