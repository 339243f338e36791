// Write cost per delivery of the app's own write path (IngestWriter + CallSearchIndex → SQLite),
// per database schema, measured in one run so the schemas are compared on the same machine state.
//   dotnet run -c Release --project bench/WriteCost [-- --deliveries 640 --preload 2000 --rounds 3 --utterances 30]
// Each schema is the app's migrations applied up to a named migration, so "before" is the schema as
// it was (FTS triggers, two covering indexes) and runs the same code as "after". Every run gets a
// fresh SQLite file (WAL, synchronous=FULL as the app sets it), is preloaded with calls through the
// writer so the indexes are not empty, then times a fixed number of deliveries. All deliveries of a
// run are queued before the writer starts, so every commit holds exactly MaxBatch deliveries.
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Data;
using MiiTelDashboard.Demo;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Live;
using MiiTelDashboard.Search;

var deliveries = Arg("--deliveries", 640);
var preload = Arg("--preload", 2_000);
var rounds = Arg("--rounds", 3);
var utterances = Arg("--utterances", 30);
int[] batches = [1, 64];
// The preload is not measured: it takes the app's default batch, whatever the run measures.
const int PreloadBatch = 64;

(string Name, string? Migration)[] schemas =
[
    ("before: UtteranceSearch + NoteSearch triggers, IX_Details_Analytics + IX_Details_CallList", "20261125141637_CallSearch"),
    ("UtteranceSearch and NoteSearch dropped", "20261129110512_DropUnusedSearchTables"),
    ("after: both dropped, one covering index IX_Details_Covering", null),
];

var folder = Path.Combine(AppContext.BaseDirectory, "writecost-dbs");
Directory.CreateDirectory(folder);
var generator = new DemoCallGenerator(new DemoOptions
{
    Calls = preload + deliveries, UtterancesPerCall = utterances, End = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero),
});
// Bodies are read before any clock starts: the writer's cost, not the JSON reader's, is measured.
var bodies = Enumerable.Range(0, preload + deliveries).Select(i => (CallPayload)WebhookPayloadReader.Read(generator.Body(i))).ToArray();
var bytes = Enumerable.Range(0, 50).Average(i => generator.Body(i).Length);

Console.WriteLine($"{deliveries:N0} deliveries per run after {preload:N0} preloaded; demo generator bodies, ~{utterances} utterances, {bytes / 1024:N1} KB on average; " +
                  $"{rounds} rounds, schemas in rotating order; {Environment.ProcessorCount} cores; load average at start {LoadAverage()}.");
// Uncounted: the first runs pay for JIT and EF's model and query compilation.
foreach (var batch in batches) await RunAsync(schemas[0].Migration, batch);
var results = new Dictionary<(int Schema, int Batch), List<(double Cpu, double Wall)>>();
for (var round = 0; round < rounds; round++)
{
    foreach (var batch in batches)
    {
        for (var k = 0; k < schemas.Length; k++)
        {
            var s = (k + round) % schemas.Length;
            var r = await RunAsync(schemas[s].Migration, batch);
            (results.TryGetValue((s, batch), out var list) ? list : results[(s, batch)] = []).Add(r);
            Console.WriteLine($"  round {round + 1}, MaxBatch {batch}, {schemas[s].Name}: {r.Cpu:N2} ms CPU, {r.Wall:N2} ms wall per delivery");
        }
    }
}
Console.WriteLine($"Load average at the end: {LoadAverage()}.");
Console.WriteLine();
Console.WriteLine("| schema | MaxBatch | CPU ms / delivery (median) | vs. before | wall ms / delivery (median) | vs. before |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var batch in batches)
{
    var baseCpu = Median(results[(0, batch)].Select(r => r.Cpu));
    var baseWall = Median(results[(0, batch)].Select(r => r.Wall));
    for (var s = 0; s < schemas.Length; s++)
    {
        var cpu = Median(results[(s, batch)].Select(r => r.Cpu));
        var wall = Median(results[(s, batch)].Select(r => r.Wall));
        Console.WriteLine($"| {schemas[s].Name} | {batch} | {cpu:N2} | {cpu / baseCpu:N2}× | {wall:N2} | {wall / baseWall:N2}× |");
    }
}

async Task<(double Cpu, double Wall)> RunAsync(string? migration, int batch)
{
    var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".db");
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", Args = [] });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Configuration["ConnectionStrings:Calls"] = $"Data Source={path}";
    builder.Services.AddSingleton(TimeProvider.System);
    builder.AddData();
    builder.AddLive();
    builder.AddIngest();
    builder.AddSearch();
    await using var app = builder.Build();
    var factory = app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();
    await using (var db = await factory.CreateDbContextAsync())
    {
        await db.GetService<IMigrator>().MigrateAsync(migration);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
    await WriteAsync(app.Services, bodies[..preload], PreloadBatch);
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await WriteAsync(app.Services, bodies[preload..], batch);
    var wall = clock.Elapsed.TotalMilliseconds;
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var f in Directory.EnumerateFiles(folder, Path.GetFileName(path) + "*")) File.Delete(f);
    return (cpu / (bodies.Length - preload), wall / (bodies.Length - preload));
}

// A writer of its own per phase, started only once every delivery is queued: each commit takes
// exactly MaxBatch of them (the queue holds them all).
static async Task WriteAsync(IServiceProvider services, CallPayload[] payloads, int batch)
{
    var writer = ActivatorUtilities.CreateInstance<IngestWriter>(services, Options.Create(new IngestOptions { MaxBatch = batch }));
    var pending = payloads.Select(p => writer.SubmitAsync(new Delivery
    {
        Result = DeliveryResults.Accepted, ReceivedAt = DateTime.UtcNow, RemoteIp = "bench", SizeBytes = 0,
        DetailIds = string.Join(",", p.Details.Select(d => d.Id)),
    }, p, CancellationToken.None)).ToList();
    await writer.StartAsync(CancellationToken.None);
    var outcomes = await Task.WhenAll(pending);
    await writer.StopAsync(CancellationToken.None);
    if (outcomes.FirstOrDefault(o => !o.Committed) is { } failed) throw new InvalidOperationException("A delivery failed: " + failed.Error);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

int Arg(string name, int fallback) => args.SkipWhile(a => a != name).Skip(1).Select(int.Parse).FirstOrDefault(fallback);
