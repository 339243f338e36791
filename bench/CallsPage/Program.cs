// Server time of the /calls page's query (count + first page) on a big database, with the
// cheapest query through the same factory (a primary-key lookup) as the baseline of the same run.
//
//   dotnet run -c Release --project bench/CallsPage -- [--calls 100000] [--db /tmp/calls-100k.db] [--iterations 30] [--fts]
//
// The database is filled once from DemoCallGenerator (30 utterances per call, half Japanese),
// mapped by the ingest's own DetailMapper and inserted in large transactions; re-runs reuse it.
// Without --fts the search index trigger is dropped during the load: the calls page never reads
// it, and it would triple the load time.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;
using MiiTelDashboard.Demo;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Bench;

var calls = Arg("--calls", 100_000);
var iterations = Arg("--iterations", 30);
var dbPath = ArgText("--db", Path.Combine(Path.GetTempPath(), $"miitel-calls-{calls}.db"));
var keepFts = args.Contains("--fts");
var end = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
var generator = new DemoCallGenerator(new DemoOptions { Calls = calls, Seed = 100_000, UtterancesPerCall = 30, JapaneseShare = 0.5, End = end });

var builder = Host.CreateApplicationBuilder();
builder.Configuration["ConnectionStrings:Calls"] = $"Data Source={dbPath}";
builder.Logging.ClearProviders();
if (args.Contains("--sql"))
{
    builder.Logging.AddSimpleConsole();
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
}
builder.AddData();
using var host = builder.Build();
var factory = host.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();

await using (var db = await factory.CreateDbContextAsync())
{
    await db.Database.MigrateAsync();
    await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    var have = await db.Details.Select(d => d.CallId).Distinct().CountAsync();
    if (have < calls) await LoadAsync(have);
}

var queries = new CallQueries(factory);
var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(end.UtcDateTime, tokyo));
var last30 = new MiiTelDashboard.Calls.Filters.PageFilter().ToCallFilter(tokyo, today);
string someId;
await using (var db = await factory.CreateDbContextAsync())
{
    someId = await db.Details.OrderBy(d => d.StartedAt).Select(d => d.Id).Skip(calls / 2).FirstAsync();
    Console.WriteLine($"Database: {dbPath}, {await db.Details.CountAsync():N0} details, {new FileInfo(dbPath).Length / 1024 / 1024:N0} MB; {Environment.ProcessorCount} cores");
}

var only = ArgText("--only", "");
var cases = new (string Name, Func<Task<int>> Run)[]
{
    ("baseline: one detail by primary key", async () => { await using var db = await factory.CreateDbContextAsync(); return (int)(await db.Details.AsNoTracking().Where(d => d.Id == someId).Select(d => d.Score).FirstAsync() ?? 0); }),
    ("calls page 1, last 30 days, newest first", async () => (await queries.PageAsync(last30, CallSort.Default, 1, 50, default)).Total),
    ("… + circuit filter", async () => (await queries.PageAsync(last30 with { Circuit = "0345670001" }, CallSort.Default, 1, 50, default)).Total),
    ("… + user filter", async () => (await queries.PageAsync(last30 with { User = "佐藤 健太" }, CallSort.Default, 1, 50, default)).Total),
    ("… + outcome = missed", async () => (await queries.PageAsync(last30 with { Outcome = Outcomes.Missed }, CallSort.Default, 1, 50, default)).Total),
    ("… + tag", async () => (await queries.PageAsync(last30 with { Tag = "アポ獲得" }, CallSort.Default, 1, 50, default)).Total),
    ("… + score 60–100", async () => (await queries.PageAsync(last30 with { MinScore = 60, MaxScore = 100 }, CallSort.Default, 1, 50, default)).Total),
    ("… sorted by score", async () => (await queries.PageAsync(last30, new CallSort(CallSortColumn.Score, true), 1, 50, default)).Total),
    ("… page 200 (deep)", async () => (await queries.PageAsync(last30, CallSort.Default, 200, 50, default)).Total),
    ("count only, last 30 days", async () => { await using var db = await factory.CreateDbContextAsync(); return await last30.Apply(db.Details.AsNoTracking()).CountAsync(); }),
};

Console.WriteLine($"{"case",-45} {"rows",8} {"median ms",10} {"p95 ms",8} {"× baseline",10}");
double baseline = 0;
foreach (var (name, run) in cases)
{
    if (only.Length > 0 && !name.Contains(only) && !name.StartsWith("baseline")) continue;
    var rows = 0;
    for (var i = 0; i < 3; i++) rows = await run();
    var times = new List<double>(iterations);
    for (var i = 0; i < iterations; i++)
    {
        var sw = Stopwatch.StartNew();
        await run();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    var median = times[times.Count / 2];
    var p95 = times[(int)Math.Ceiling(times.Count * 0.95) - 1];
    if (baseline == 0) baseline = median;
    Console.WriteLine($"{name,-45} {rows,8:N0} {median,10:N2} {p95,8:N2} {median / baseline,10:N1}");
}

async Task LoadAsync(int have)
{
    Console.WriteLine($"Loading {calls - have:N0} calls into {dbPath} …");
    var sw = Stopwatch.StartNew();
    await using var db = await factory.CreateDbContextAsync();
    if (!keepFts) await db.Database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS Utterances_ai;");
    // EF's change tracker costs ~10 ms of CPU per call here; rows go in through prepared
    // statements built from the EF model instead (same tables, columns and value conversions).
    var connection = (SqliteConnection)db.Database.GetDbConnection();
    await connection.OpenAsync();
    var inserts = new ModelInserts(db, connection);
    const int chunk = 2_000;
    var warnings = new List<string>();
    for (var start = have; start < calls; start += chunk)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        inserts.Use(tx);
        for (var i = start; i < Math.Min(calls, start + chunk); i++)
        {
            var payload = (CallPayload)WebhookPayloadReader.Read(generator.Body(i));
            foreach (var detail in payload.Details)
            {
                var mapped = DetailMapper.Map(detail.Id, detail.Json, detail.Json.ToJsonString(AppJson.Storage), payload.CallId, payload.TenantCode, end.UtcDateTime, warnings);
                mapped.Version = 1;
                inserts.Insert(mapped);
                foreach (var p in mapped.Participants) inserts.Insert(p);
                foreach (var t in mapped.Tags) inserts.Insert(t);
                foreach (var c in mapped.Comments) inserts.Insert(c);
                foreach (var k in mapped.Keywords) inserts.Insert(k);
                foreach (var u in mapped.Utterances) inserts.Insert(u);
            }
        }
        await tx.CommitAsync();
        if ((start / chunk) % 5 == 0) Console.WriteLine($"  {Math.Min(calls, start + chunk):N0} calls, {sw.Elapsed.TotalSeconds:N0} s");
    }
    // No ANALYZE: the app never runs it, so the planner here decides as it does in production.
    Console.WriteLine($"Loaded in {sw.Elapsed.TotalSeconds:N0} s (search index trigger {(keepFts ? "kept" : "dropped")}).");
}

int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
string ArgText(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
