// Live updates in the browser, measured on the real app in one run:
//   dotnet run -c Release --project bench/Live
// 1. Webhook 2xx → the row visible on an open /calls page (median/p95 over 60 calls, one at a time).
// 2. Ingest throughput of a 500-delivery burst (32 senders) with no page open vs with two pages open
//    (/calls and the overview, both filtered to the burst's circuit), and the totals the pages end on.
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

var root = FindRepoRoot();
var sample = File.ReadAllText(Path.Combine(root, "tests/MiiTelDashboard.Tests/Samples/voice-analysis-completed.json"));
const string SampleId = "99e2fdb7-845a-46de-8d94-882add220551";
var appDir = Path.Combine(root, "bench/.out/app");
Run("dotnet", $"build \"{Path.Combine(root, "MiiTelDashboard.csproj")}\" -c Release -o \"{appDir}\" -v q -nologo");

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

Console.WriteLine($"{Environment.ProcessorCount} cores; app, senders and Chromium on the same machine; Release build.");
Console.WriteLine();

await using (var app = await App.StartAsync(appDir))
{
    using var client = app.Client(1);
    await WarmAsync(client);
    var page = await OpenAsync(browser, app.BaseUrl + "/calls?circuit=LAT");
    var latencies = new List<double>();
    for (var i = 0; i < 60; i++)
    {
        var id = $"lat-{i}";
        if (!await PostAsync(client, id, "LAT")) throw new InvalidOperationException("webhook refused");
        var acknowledged = Stopwatch.GetTimestamp();
        await page.Locator($"a[href$='/calls/{id}']").WaitForAsync(new() { Timeout = 10_000 });
        latencies.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
    }
    latencies.Sort();
    Console.WriteLine($"Webhook 2xx → row visible on /calls (60 calls, one at a time): median {P(latencies, 0.5):N0} ms, p95 {P(latencies, 0.95):N0} ms, max {latencies[^1]:N0} ms.");
    await page.Context.CloseAsync();
}

var without = await BurstAsync(pages: false);
var with = await BurstAsync(pages: true);
Console.WriteLine();
Console.WriteLine("| burst of 500 deliveries, 32 senders | deliveries/s | pages end showing |");
Console.WriteLine("|---|---:|---|");
Console.WriteLine($"| no page open | {without.Rate:N0} | — |");
Console.WriteLine($"| /calls and overview open, filtered to the burst | {with.Rate:N0} | {with.Shown} |");
Console.WriteLine();
Console.WriteLine($"Throughput with pages open / without: {with.Rate / without.Rate:P0}.");

async Task<(double Rate, string Shown)> BurstAsync(bool pages)
{
    await using var app = await App.StartAsync(appDir);
    using var client = app.Client(32);
    await WarmAsync(client);
    IPage? calls = null, overview = null;
    if (pages)
    {
        calls = await OpenAsync(browser, app.BaseUrl + "/calls?circuit=BURST");
        overview = await OpenAsync(browser, app.BaseUrl + "/?circuit=BURST");
    }
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < 500)
            if (!await PostAsync(client, $"burst-{i}", "BURST")) throw new InvalidOperationException("webhook refused");
    })));
    var rate = 500 / watch.Elapsed.TotalSeconds;
    var shown = "—";
    if (calls is not null && overview is not null)
    {
        await calls.GetByTestId("calls-total").Filter(new() { HasText = "500" }).WaitForAsync(new() { Timeout = 15_000 });
        shown = $"/calls: \"{await calls.GetByTestId("calls-total").InnerTextAsync()}\"";
        await calls.Context.CloseAsync();
        await overview.Context.CloseAsync();
    }
    return (rate, shown);
}

async Task<IPage> OpenAsync(IBrowser b, string url)
{
    var context = await b.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 }, TimezoneId = "Asia/Tokyo" });
    var page = await context.NewPageAsync();
    await page.GotoAsync(url);
    await page.GetByTestId("calls-grid").Or(page.GetByText("Overview")).First.WaitForAsync();
    // The page is live once its circuit is connected; give Blazor's first interactive render a chance.
    await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
    return page;
}

async Task WarmAsync(HttpClient client)
{
    for (var i = 0; i < 300; i++) await PostAsync(client, $"warm-{i}", "WARM");
}

async Task<bool> PostAsync(HttpClient client, string id, string circuit)
{
    var body = sample.Replace(SampleId, id)
        .Replace("\"circuit_number\": \"8330000000\"", $"\"circuit_number\": \"{circuit}\"")
        .Replace("2022-12-21T22:3", DateTime.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:") + "3");
    using var content = new StringContent(body, Encoding.UTF8, "application/json");
    using var response = await client.PostAsync("/webhooks/miitel", content);
    return response.StatusCode == HttpStatusCode.OK;
}

static double P(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

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
    public const string Token = "bench-token-0123456789abcdef0123456789";
    private readonly Process _process;
    private readonly string _directory;

    private App(Process process, string directory, string baseUrl) { _process = process; _directory = directory; BaseUrl = baseUrl; }

    public string BaseUrl { get; }

    public static async Task<App> StartAsync(string appDir)
    {
        var directory = Path.Combine(Path.GetTempPath(), "miitel-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var baseUrl = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var info = new ProcessStartInfo("dotnet", [Path.Combine(appDir, "MiiTelDashboard.dll")])
        {
            WorkingDirectory = appDir, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_URLS"] = baseUrl;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ConnectionStrings__Calls"] = $"Data Source={Path.Combine(directory, "bench.db")}";
        info.Environment["MiiTel__Webhook__BearerToken"] = Token;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl) };
        for (var i = 0; ; i++)
        {
            try { if ((await probe.GetAsync("/health")).IsSuccessStatusCode) break; }
            catch (HttpRequestException) when (i < 600) { }
            await Task.Delay(100);
        }
        return new App(process, directory, baseUrl);
    }

    public HttpClient Client(int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_directory, true); } catch (IOException) { }
    }
}
