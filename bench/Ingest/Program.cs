// Ingest throughput and live latency of the real app, measured against its own baseline in one run.
//   dotnet run -c Release --project bench/Ingest [-- --seconds 10]
// Builds the app in Release, starts it as a separate process on a fresh SQLite file per scenario,
// drives it over loopback HTTP and prints Markdown (copied into docs/PERFORMANCE.md).
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MiiTelDashboard.Bench;

var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(10);
var appDir = BenchApp.BuildApp();

Console.WriteLine($"Body: {Encoding.UTF8.GetByteCount(BenchApp.Sample):N0} bytes (the sample), unique detail id per delivery; {seconds} s per scenario; {Environment.ProcessorCount} cores; client and server on the same machine.");
Console.WriteLine();
Console.WriteLine("| scenario | senders | deliveries/s | p50 ms | p99 ms | stored = acknowledged |");
Console.WriteLine("|---|---:|---:|---:|---:|---|");

var results = new Dictionary<(int Batch, int Senders), double>();
foreach (var maxBatch in new[] { 1, 64 })
{
    foreach (var senders in new[] { 1, 32 })
    {
        await using var app = await BenchApp.StartAsync(appDir, new Dictionary<string, string> { ["MiiTel__Ingest__MaxBatch"] = maxBatch.ToString() });
        var (rate, p50, p99, acked, stored) = await LoadAsync(app, senders, TimeSpan.FromSeconds(seconds));
        results[(maxBatch, senders)] = rate;
        var name = maxBatch == 1 ? "commit per delivery (MaxBatch=1, baseline)" : "group commit (MaxBatch=64, default)";
        Console.WriteLine($"| {name} | {senders} | {rate:N0} | {p50:N1} | {p99:N1} | {(stored == acked ? "yes" : $"NO: {stored} of")} {acked:N0} |");
    }
}
Console.WriteLine();
foreach (var senders in new[] { 1, 32 })
    Console.WriteLine($"Group commit vs baseline at {senders} sender(s): {results[(64, senders)] / results[(1, senders)]:N2}×");
Console.WriteLine();

await using (var app = await BenchApp.StartAsync(appDir))
{
    var (p50, p99, n, early) = await HubLatencyAsync(app, 1000);
    Console.WriteLine($"Hub latency, webhook 2xx → CallChanged at a SignalR client (1 sender, {n} calls): median {p50:N2} ms, p99 {p99:N2} ms ({early} arrived before the sender had read its 2xx: publish runs right after COMMIT, beside the response).");
}

const int WarmUp = 8 * 150;

async Task<(double Rate, double P50, double P99, int Acked, long Stored)> LoadAsync(BenchApp app, int senders, TimeSpan duration)
{
    using var client = app.WebhookClient(senders);
    // Warm-up past tiered JIT's re-compilation (measured: JIT activity settles after ~1,000 deliveries).
    await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
    {
        for (var i = 0; i < WarmUp / 8; i++) await BenchApp.PostAsync(client, $"warm-{w}-{i}");
    })));
    var latencies = new List<double>[senders];
    var acked = 0;
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
    var all = latencies.SelectMany(l => l).Order().ToArray();
    using var api = app.ApiClient();
    var stored = (await api.GetFromJsonAsync<JsonElement>("/api/calls?pageSize=1")).GetProperty("total").GetInt64() - WarmUp;
    return (acked / elapsed, BenchApp.Percentile(all, 0.5), BenchApp.Percentile(all, 0.99), acked, stored);
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
