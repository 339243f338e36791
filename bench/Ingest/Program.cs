// Ingest throughput of the real app against the storage ceiling of the same rows, in one run.
//   dotnet run -c Release --project bench/Ingest [-- --seconds 10 --connections 1,8,32 --ceiling-runs 3 --no-baseline --no-hub]
// Builds the app in Release, starts it as a separate process on a fresh SQLite file per scenario,
// drives it over loopback HTTP (group commit, the default, at each --connections count; the
// MaxBatch=1 baseline at the fewest and the most), reads the app's CPU from /proc/PID/stat over the
// measured window, then re-inserts the rows the most-connections run wrote into an empty database of
// the app's schema with plain prepared INSERTs (the storage ceiling), and prints Markdown (copied
// into docs/PERFORMANCE.md). Last line: the hub latency (--no-hub skips it).
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MiiTelDashboard.Bench;

const int WarmUp = 8 * 150;
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(10);
var connections = (args.SkipWhile(a => a != "--connections").Skip(1).FirstOrDefault() ?? "1,8,32").Split(',').Select(int.Parse).Distinct().Order().ToArray();
var ceilingRuns = args.SkipWhile(a => a != "--ceiling-runs").Skip(1).Select(int.Parse).FirstOrDefault(3);
var withBaseline = !args.Contains("--no-baseline");
var appDir = BenchApp.BuildApp();
var work = Path.Combine(Path.GetTempPath(), "miitel-bench-ingest", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);

Console.WriteLine($"Body: {Encoding.UTF8.GetByteCount(BenchApp.Sample):N0} bytes (the sample), unique detail id per delivery; {seconds} s per scenario after a warm-up of {WarmUp:N0} deliveries; {Environment.ProcessorCount} cores; client and server on the same machine; load average at start {LoadAverage()}.");
Console.WriteLine();

var rows = new List<string>();
var results = new Dictionary<(int Batch, int Connections), double>();
var mostConnections = connections[^1];
var scenarios = connections.Select(c => (Batch: 64, Connections: c)).ToList();
if (withBaseline) scenarios.AddRange(new[] { connections[0], mostConnections }.Distinct().Select(c => (Batch: 1, Connections: c)));
var source = Path.Combine(work, "app-rows.db");
foreach (var (maxBatch, senders) in scenarios)
{
    await using var app = await BenchApp.StartAsync(appDir, new Dictionary<string, string> { ["MiiTel__Ingest__MaxBatch"] = maxBatch.ToString() });
    var load = await LoadAsync(app, senders, TimeSpan.FromSeconds(seconds));
    results[(maxBatch, senders)] = load.Rate;
    var name = maxBatch == 1 ? "app, commit per delivery (MaxBatch=1, baseline)" : "app, group commit (MaxBatch=64, default)";
    rows.Add($"| {name} | {senders} | {load.Rate:N0} | {load.P50:N1} | {load.P99:N1} | {load.CpuMsPerDelivery:N2} | {(load.Stored == load.Acked ? "yes" : $"NO: {load.Stored} of")} {load.Acked:N0} |");
    if (maxBatch == 64 && senders == mostConnections)
    {
        // The rows this run wrote (warm-up and measured), from a copy of its file once it stopped.
        await app.StopAsync();
        app.CopyDatabaseTo(source);
    }
}

StorageCeiling.Result? ceiling = null, withoutHourSums = null;
if (ceilingRuns > 0)
{
    ceiling = await StorageCeiling.MeasureAsync(source, ceilingRuns);
    withoutHourSums = await StorageCeiling.MeasureAsync(source, ceilingRuns, withoutHourSums: true);
    var median = ceiling.CallsPerSecond.Order().ElementAt(ceiling.CallsPerSecond.Count / 2);
    var cpu = ceiling.CpuMsPerCall.Order().ElementAt(ceiling.CpuMsPerCall.Count / 2);
    rows.Add($"| **storage ceiling**: the {mostConnections}-connection run's {ceiling.Calls:N0} calls re-inserted, prepared INSERTs, 64 calls per transaction (median of {ceiling.CallsPerSecond.Count}) | 1 | {median:N0} | — | — | {cpu:N2} (the bench's own) | — |");
}

Console.WriteLine("| scenario | connections | deliveries/s (ceiling: calls/s) | p50 ms | p99 ms | app CPU ms / delivery | stored = acknowledged |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
foreach (var row in rows) Console.WriteLine(row);
Console.WriteLine();
if (ceiling is not null)
{
    var median = ceiling.CallsPerSecond.Order().ElementAt(ceiling.CallsPerSecond.Count / 2);
    Console.WriteLine($"**App at {mostConnections} connections ÷ ceiling: {results[(64, mostConnections)] / median:P0}** ({results[(64, mostConnections)]:N0} deliveries/s ÷ {median:N0} calls/s).");
    Console.WriteLine($"Ceiling runs, calls/s: {string.Join(" / ", ceiling.CallsPerSecond.Select(r => r.ToString("N0")))}; CPU ms per call: {string.Join(" / ", ceiling.CpuMsPerCall.Select(r => r.ToString("N2")))}.");
    Console.WriteLine($"Ceiling: the app's EF migrations on an empty file (FTS5 table, its triggers, every index), PRAGMA journal_mode=WAL, synchronous=FULL, foreign_keys=ON (as src/Data/DataExtensions.cs); per call its Details row, its child rows, its CallSearch row (as the writer's INSERT … SELECT, here a plain INSERT of the stored texts), and one Deliveries row per delivery.");
    Console.WriteLine($"Rows per call: {ceiling.RowsPerCall}.");
    if (withoutHourSums is not null)
    {
        var without = withoutHourSums.CallsPerSecond.Order().ElementAt(withoutHourSums.CallsPerSecond.Count / 2);
        Console.WriteLine($"Ceiling without the hourly sums' triggers (same rows, same run), calls/s: {string.Join(" / ", withoutHourSums.CallsPerSecond.Select(r => r.ToString("N0")))}; " +
            $"median {without:N0}: the hourly sums cost {1 - median / without:P0} of the ceiling; CPU ms per call {string.Join(" / ", withoutHourSums.CpuMsPerCall.Select(r => r.ToString("N2")))}.");
    }
    if (ceiling.NotReinserted.Count > 0) Console.WriteLine($"NOT re-inserted, though the app's run left rows there: {string.Join(", ", ceiling.NotReinserted)}.");
}
foreach (var c in new[] { connections[0], mostConnections }.Distinct())
    if (results.ContainsKey((1, c))) Console.WriteLine($"Group commit vs baseline at {c} connection(s): {results[(64, c)] / results[(1, c)]:N2}×");
Console.WriteLine($"Load average at the end: {LoadAverage()}.");
Console.WriteLine();
SqliteCleanup(work);

if (!args.Contains("--no-hub"))
await using (var app = await BenchApp.StartAsync(appDir))
{
    var (p50, p99, n, early) = await HubLatencyAsync(app, 1000);
    Console.WriteLine($"Hub latency, webhook 2xx → CallChanged at a SignalR client (1 sender, {n} calls): median {p50:N2} ms, p99 {p99:N2} ms ({early} arrived before the sender had read its 2xx: publish runs right after COMMIT, beside the response).");
}


static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static void SqliteCleanup(string folder)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try { Directory.Delete(folder, true); } catch (IOException) { }
}

async Task<Load> LoadAsync(BenchApp app, int senders, TimeSpan duration)
{
    using var client = app.WebhookClient(senders);
    // Warm-up past tiered JIT's re-compilation (measured: JIT activity settles after ~1,000 deliveries).
    await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
    {
        for (var i = 0; i < WarmUp / 8; i++) await BenchApp.PostAsync(client, $"warm-{w}-{i}");
    })));
    var latencies = new List<double>[senders];
    var acked = 0;
    // The app's own CPU over the measured window only (utime + stime ticks of 10 ms).
    var cpuBefore = app.CpuTicks();
    var stop = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
    {
        var mine = latencies[s] = new List<double>();
        for (var i = 0; stop.Elapsed < duration; i++)
        {
            var t = Stopwatch.GetTimestamp();
            if (await BenchApp.PostAsync(client, $"s{s}-{i}")) Interlocked.Increment(ref acked);
            mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    })));
    var elapsed = stop.Elapsed.TotalSeconds;
    var cpuMs = (app.CpuTicks() - cpuBefore) * 10.0;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    using var api = app.ApiClient();
    var stored = (await api.GetFromJsonAsync<JsonElement>("/api/calls?pageSize=1")).GetProperty("total").GetInt64() - WarmUp;
    return new Load(acked / elapsed, BenchApp.Percentile(all, 0.5), BenchApp.Percentile(all, 0.99), cpuMs / Math.Max(1, acked), acked, stored);
}

async Task<(double P50, double P99, int N, int Early)> HubLatencyAsync(BenchApp app, int count)
{
    var received = new Dictionary<string, long>();
    await using var hub = new HubConnectionBuilder()
        .WithUrl(app.BaseUrl + "/hubs/calls", o => o.AccessTokenProvider = () => Task.FromResult<string?>(BenchApp.ApiKey))
        .Build();
    hub.On<JsonElement>("CallChanged", change =>
    {
        var now = Stopwatch.GetTimestamp();
        lock (received) received[change.GetProperty("detailId").GetString()!] = now;
    });
    await hub.StartAsync();
    await hub.InvokeAsync("FollowAll");
    using var client = app.WebhookClient(1);
    for (var i = 0; i < WarmUp; i++) await BenchApp.PostAsync(client, $"hub-warm-{i}");
    var acknowledged = new Dictionary<string, long>();
    for (var i = 0; i < count; i++)
    {
        var id = $"hub-{i}";
        if (await BenchApp.PostAsync(client, id)) acknowledged[id] = Stopwatch.GetTimestamp();
    }
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (DateTime.UtcNow < deadline)
    {
        lock (received) if (acknowledged.Keys.All(received.ContainsKey)) break;
        await Task.Delay(20);
    }
    double[] deltas;
    lock (received)
        deltas = acknowledged.Where(a => received.ContainsKey(a.Key))
            .Select(a => Stopwatch.GetElapsedTime(a.Value, received[a.Key]).TotalMilliseconds).Order().ToArray();
    return (BenchApp.Percentile(deltas, 0.5), BenchApp.Percentile(deltas, 0.99), deltas.Length, deltas.Count(d => d < 0));
}

sealed record Load(double Rate, double P50, double P99, double CpuMsPerDelivery, int Acked, long Stored);
