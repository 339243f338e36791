// Ingest throughput and live latency of the real app, measured against its own baseline in one run.
//   dotnet run -c Release --project bench/Ingest [-- --seconds 10]
// Builds the app in Release, starts it as a separate process on a fresh SQLite file per scenario,
// drives it over loopback HTTP and prints a Markdown table (copied into docs/PERFORMANCE.md).
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(10);
var root = FindRepoRoot();
var sample = File.ReadAllText(Path.Combine(root, "tests/MiiTelDashboard.Tests/Samples/voice-analysis-completed.json"));
const string SampleId = "99e2fdb7-845a-46de-8d94-882add220551";

var appDir = Path.Combine(root, "bench/.out/app");
Run("dotnet", $"build \"{Path.Combine(root, "MiiTelDashboard.csproj")}\" -c Release -o \"{appDir}\" -v q -nologo");

Console.WriteLine($"Body: {Encoding.UTF8.GetByteCount(sample):N0} bytes (the sample), unique detail id per delivery; {seconds} s per scenario; {Environment.ProcessorCount} cores; client and server on the same machine.");
Console.WriteLine();
Console.WriteLine("| scenario | senders | deliveries/s | p50 ms | p99 ms | stored = acknowledged |");
Console.WriteLine("|---|---:|---:|---:|---:|---|");

var results = new Dictionary<(int Batch, int Senders), double>();
foreach (var maxBatch in new[] { 1, 64 })
{
    foreach (var senders in new[] { 1, 32 })
    {
        await using var app = await App.StartAsync(appDir, maxBatch);
        var (rate, p50, p99, acked, stored) = await LoadAsync(app, senders, TimeSpan.FromSeconds(seconds));
        results[(maxBatch, senders)] = rate;
        var name = maxBatch == 1 ? "commit per delivery (MaxBatch=1, baseline)" : "group commit (MaxBatch=64, default)";
        Console.WriteLine($"| {name} | {senders} | {rate:N0} | {p50:N1} | {p99:N1} | {(stored == acked ? "yes" : $"NO: {stored} of {acked}")} ({acked:N0}) |");
    }
}
Console.WriteLine();
foreach (var senders in new[] { 1, 32 })
    Console.WriteLine($"Group commit vs baseline at {senders} sender(s): {results[(64, senders)] / results[(1, senders)]:N2}×");
Console.WriteLine();

// Live latency: webhook 2xx → hub client receipt, and the ingest rate with a subscriber attached.
await using (var app = await App.StartAsync(appDir, 64))
{
    var (p50, p99, n, negative) = await HubLatencyAsync(app, 1000);
    Console.WriteLine($"Hub latency, 2xx → CallChanged at a SignalR client (1 sender, {n} calls): median {p50:N2} ms, p99 {p99:N2} ms ({negative} arrived before the sender read its 2xx).");
}

async Task<(double Rate, double P50, double P99, int Acked, long Stored)> LoadAsync(App app, int senders, TimeSpan duration)
{
    using var client = app.Client(senders);
    // Warm-up past tiered JIT's re-compilation (measured: JIT activity settles after ~1,000 deliveries).
    await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () => { for (var i = 0; i < 150; i++) await Post(client, $"warm-{w}-{i}"); })));
    var latencies = new List<double>[senders];
    var acked = 0;
    var stop = Stopwatch.StartNew();
    var tasks = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
    {
        var mine = latencies[s] = new List<double>();
        for (var i = 0; stop.Elapsed < duration; i++)
        {
            var t = Stopwatch.GetTimestamp();
            if (await Post(client, $"s{s}-{i}")) Interlocked.Increment(ref acked);
            mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }
    })).ToArray();
    await Task.WhenAll(tasks);
    var elapsed = stop.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    var stored = await app.CountStoredAsync() - 8 * 150;
    return (acked / elapsed, Percentile(all, 0.5), Percentile(all, 0.99), acked, stored);
}

async Task<(double P50, double P99, int N, int Negative)> HubLatencyAsync(App app, int count)
{
    var received = new Dictionary<string, long>();
    var hub = new HubConnectionBuilder()
        .WithUrl(app.BaseUrl + "/hubs/calls", o => o.AccessTokenProvider = () => Task.FromResult<string?>(Secrets.ApiKey))
        .Build();
    hub.On<JsonElement>("CallChanged", change =>
    {
        var now = Stopwatch.GetTimestamp();
        lock (received) received[change.GetProperty("detailId").GetString()!] = now;
    });
    await hub.StartAsync();
    await hub.InvokeAsync("FollowAll");
    using var client = app.Client(1);
    for (var i = 0; i < 50; i++) await Post(client, $"hub-warm-{i}");
    var acknowledged = new Dictionary<string, long>();
    for (var i = 0; i < count; i++)
    {
        var id = $"hub-{i}";
        if (await Post(client, id)) acknowledged[id] = Stopwatch.GetTimestamp();
    }
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (DateTime.UtcNow < deadline)
    {
        lock (received) if (acknowledged.Keys.All(received.ContainsKey)) break;
        await Task.Delay(20);
    }
    await hub.DisposeAsync();
    double[] deltas;
    lock (received)
        deltas = acknowledged.Where(a => received.ContainsKey(a.Key))
            .Select(a => Stopwatch.GetElapsedTime(a.Value, received[a.Key]).TotalMilliseconds).Order().ToArray();
    return (Percentile(deltas, 0.5), Percentile(deltas, 0.99), deltas.Length, deltas.Count(d => d < 0));
}

async Task<bool> Post(HttpClient client, string id)
{
    using var content = new StringContent(sample.Replace(SampleId, id), Encoding.UTF8, "application/json");
    using var response = await client.PostAsync("/webhooks/miitel", content);
    return response.StatusCode == HttpStatusCode.OK;
}

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiiTelDashboard.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}

static void Run(string file, string arguments)
{
    using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed:\n{output}");
}

sealed class App : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private App(Process process, string directory, string baseUrl)
    {
        _process = process;
        _directory = directory;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<App> StartAsync(string appDir, int maxBatch)
    {
        var directory = Path.Combine(Path.GetTempPath(), "miitel-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [Path.Combine(appDir, "MiiTelDashboard.dll")])
        {
            WorkingDirectory = appDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_URLS"] = baseUrl;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ConnectionStrings__Calls"] = $"Data Source={Path.Combine(directory, "bench.db")}";
        info.Environment["MiiTel__Webhook__BearerToken"] = Secrets.Token;
        info.Environment["MiiTel__Ingest__MaxBatch"] = maxBatch.ToString();
        info.Environment["Api__Keys__0"] = Secrets.ApiKey;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl) };
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) when (i < 600) { }
            await Task.Delay(100);
        }
        return new App(process, directory, baseUrl);
    }

    public HttpClient Client(int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secrets.Token);
        return client;
    }

    public async Task<long> CountStoredAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secrets.ApiKey);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/calls?pageSize=1");
        return page.GetProperty("total").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_directory, true); } catch (IOException) { }
    }
}

static class Secrets
{
    public const string Token = "bench-token-0123456789abcdef0123456789";
    public const string ApiKey = "bench-api-key-0123456789";
}
