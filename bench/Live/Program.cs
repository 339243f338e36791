// Live updates in the browser, measured on the real app in one run:
//   dotnet run -c Release --project bench/Live
// 1. Webhook 2xx → the row visible on an open /calls page (median/p95 over 60 calls, one at a time).
// 2. Ingest throughput of a 500-delivery burst (32 senders) with no page open vs with two pages open
//    (/calls and the overview, both filtered to the burst's circuit), and the total /calls ends on.
using System.Diagnostics;
using Microsoft.Playwright;
using MiiTelDashboard.Bench;

var appDir = BenchApp.BuildApp();

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

Console.WriteLine($"{Environment.ProcessorCount} cores; app, senders and Chromium on the same machine; Release build.");
Console.WriteLine();

await using (var app = await BenchApp.StartAsync(appDir))
{
    using var client = app.WebhookClient(1);
    await WarmAsync(client);
    var page = await OpenAsync(app.BaseUrl + "/calls?circuit=LAT");
    var latencies = new List<double>();
    for (var i = 0; i < 60; i++)
    {
        var id = $"lat-{i}";
        if (!await BenchApp.PostAsync(client, id, "LAT", DateTime.UtcNow.AddMinutes(-2))) throw new InvalidOperationException("webhook refused");
        var acknowledged = Stopwatch.GetTimestamp();
        await page.Locator($"a[href$='/calls/{id}']").WaitForAsync(new() { Timeout = 10_000 });
        latencies.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
    }
    latencies.Sort();
    Console.WriteLine($"Webhook 2xx → row visible on /calls (60 calls, one at a time): median {BenchApp.Percentile(latencies, 0.5):N0} ms, p95 {BenchApp.Percentile(latencies, 0.95):N0} ms, max {latencies[^1]:N0} ms.");
    await page.Context.CloseAsync();
}

var without = await BurstAsync(pages: false);
var with = await BurstAsync(pages: true);
Console.WriteLine();
Console.WriteLine("| burst of 500 deliveries, 32 senders | deliveries/s | /calls ends showing |");
Console.WriteLine("|---|---:|---|");
Console.WriteLine($"| no page open | {without.Rate:N0} | — |");
Console.WriteLine($"| /calls and overview open, filtered to the burst | {with.Rate:N0} | {with.Shown} |");
Console.WriteLine();
Console.WriteLine($"Throughput with pages open / without: {with.Rate / without.Rate:P0}.");

async Task<(double Rate, string Shown)> BurstAsync(bool pages)
{
    await using var app = await BenchApp.StartAsync(appDir);
    using var client = app.WebhookClient(32);
    await WarmAsync(client);
    IPage? calls = null, overview = null;
    if (pages)
    {
        calls = await OpenAsync(app.BaseUrl + "/calls?circuit=BURST");
        overview = await OpenAsync(app.BaseUrl + "/?circuit=BURST");
    }
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < 500)
            if (!await BenchApp.PostAsync(client, $"burst-{i}", "BURST", DateTime.UtcNow.AddMinutes(-2).AddMilliseconds(i))) throw new InvalidOperationException("webhook refused");
    })));
    var rate = 500 / watch.Elapsed.TotalSeconds;
    var shown = "—";
    if (calls is not null && overview is not null)
    {
        try
        {
            await calls.GetByTestId("calls-total").Filter(new() { HasText = "500" }).WaitForAsync(new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            await calls.ScreenshotAsync(new() { Path = Path.Combine(BenchApp.RepoRoot, "bench/.out/burst-calls.png") });
            throw new InvalidOperationException($"/calls shows \"{await calls.GetByTestId("calls-total").InnerTextAsync()}\" after the burst of 500.");
        }
        shown = $"\"{await calls.GetByTestId("calls-total").InnerTextAsync()}\"";
        await calls.Context.CloseAsync();
        await overview.Context.CloseAsync();
    }
    return (rate, shown);
}

async Task<IPage> OpenAsync(string url)
{
    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 }, TimezoneId = "Asia/Tokyo" });
    var page = await context.NewPageAsync();
    await page.GotoAsync(url);
    await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
    return page;
}

async Task WarmAsync(HttpClient client)
{
    for (var i = 0; i < 300; i++) await BenchApp.PostAsync(client, $"warm-{i}", "WARM");
}
