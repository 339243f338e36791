// Live updates in the browser, measured on the real app in one run:
//   dotnet run -c Release --project bench/Live
// 1. Webhook 2xx → the row visible on an open /calls page (median/p95 over 60 calls, one at a time).
// 2. Ingest throughput of a 500-delivery burst (32 senders) with no page open vs with two pages open
//    (/calls and the overview, both filtered to the burst's circuit), and the total /calls ends on.
using System.Diagnostics;
using Microsoft.Playwright;
using MiiTelDashboard.Bench;

if (args is ["--send", var sendTo, var sendCircuit])
{
    await SendBurstAsync(sendTo, sendCircuit);
    return;
}

var appDir = BenchApp.BuildApp();

using var playwright = await Playwright.CreateAsync();
string[] ChromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath(), Args = ChromiumArgs });

Console.WriteLine($"{Environment.ProcessorCount} cores; app, senders and Chromium on the same machine; Release build.");
Console.WriteLine();

if (!args.Contains("--burst-only"))
await using (var app = await BenchApp.StartAsync(appDir))
{
    using var client = app.WebhookClient(1);
    await WarmAsync(client);
    var page = await OpenAsync(app.BaseUrl + "/calls?circuit=LAT");
    // When each row enters the DOM, by the browser's clock (epoch ms; the same machine's clock as the
    // bench's): Playwright's own waiting polls, which adds up to a few hundred ms to what it observes.
    await page.EvaluateAsync("""
        () => {
            window.__inDom = {};
            new MutationObserver(() => {
                const now = performance.timeOrigin + performance.now();
                for (const a of document.querySelectorAll("a[href^='/calls/lat-']")) window.__inDom[a.getAttribute('href')] ??= now;
            }).observe(document.body, { childList: true, subtree: true });
        }
        """);
    // Back to back (each call posted as soon as the previous one showed, so most wait for the page's
    // 400 ms live interval), then spaced by a second (each one a lone call after a quiet spell).
    foreach (var (mode, pause) in new[] { ("back to back", TimeSpan.Zero), ("a second apart", TimeSpan.FromSeconds(1)) })
    {
        var polled = new List<double>();
        var inDom = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            var id = $"lat-{mode[0]}{i}";
            await Task.Delay(pause);
            if (!await BenchApp.PostAsync(client, id, "LAT", DateTime.UtcNow.AddMinutes(-2))) throw new InvalidOperationException("webhook refused");
            var acknowledged = Stopwatch.GetTimestamp();
            var acknowledgedAt = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
            await page.Locator($"a[href$='/calls/{id}']").WaitForAsync(new() { Timeout = 10_000 });
            polled.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
            inDom.Add(await page.EvaluateAsync<double>($"window.__inDom['/calls/{id}']") - acknowledgedAt);
        }
        polled.Sort();
        inDom.Sort();
        Console.WriteLine($"Webhook 2xx → row on /calls, 60 calls {mode}: in the DOM median {BenchApp.Percentile(inDom, 0.5):N0} ms, p95 {BenchApp.Percentile(inDom, 0.95):N0} ms, max {inDom[^1]:N0} ms; "
            + $"seen by Playwright's polling median {BenchApp.Percentile(polled, 0.5):N0} ms, p95 {BenchApp.Percentile(polled, 0.95):N0} ms.");
    }
    await page.Context.CloseAsync();
}

if (args.Contains("--latency-only")) return;

// The burst, in two layouts, each as alternating rounds (no page, pages, no page, ...) whose medians
// are compared, since one 500-delivery burst lasts only a few seconds:
// - shared: app, senders and Chromium all on both cores (what a laptop demo looks like);
// - isolated: app and senders on CPU 0, Chromium on CPU 1 (a deployment: the managers' browsers run
//   on their own machines), so the difference is what open pages cost the server itself.
// Besides deliveries/s, the app process's CPU time per delivery and Chromium's CPU time are read
// from /proc, which separates server work from browser work in either layout.
var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(int.Parse).FirstOrDefault(3);
var pinnedChromium = Path.Combine(BenchApp.RepoRoot, "bench/.out/chromium-cpu1.sh");
File.WriteAllText(pinnedChromium, $"#!/bin/sh\nexec taskset -c 1 {ChromiumPath()} \"$@\"\n");
if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(pinnedChromium, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
// --layout shared|isolated and --page calls|overview narrow the run down (to see which page costs what).
var onlyLayout = args.SkipWhile(a => a != "--layout").Skip(1).FirstOrDefault();
var onlyPage = args.SkipWhile(a => a != "--page").Skip(1).FirstOrDefault();
await using var isolatedBrowser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = pinnedChromium, Args = ChromiumArgs });

var table = new List<string>();
var summary = new List<string>();
foreach (var (layout, pageBrowser, appCpus) in new[] { ("shared", browser, (string?)null), ("isolated", isolatedBrowser, "0") })
{
    if (onlyLayout is not null && onlyLayout != layout) continue;
    // The bench itself now only drives the pages (the senders are a process of their own, pinned
    // with the app): in the isolated layout it runs on the browser's CPU.
    PinSelf(appCpus is null ? "0,1" : "1");
    // The Playwright driver (a node process started with the first browser) follows the browser's CPU.
    PinPlaywrightDriver(appCpus is null ? "0,1" : "1");
    // One app for all of a layout's rounds, as a server runs: warmed up by a first burst with the pages
    // open (not counted), so that neither scenario pays for first-time work (JIT, query compilation)
    // the other one already did. Each burst has its own circuit, which the pages are filtered to.
    await using var app = await BenchApp.StartAsync(appDir, cpus: appCpus);
    using var client = app.WebhookClient(32);
    await WarmAsync(client);
    // Two warm-up bursts: after one, the page code was still being recompiled at tier 1 during the
    // first measured rounds (the ".NET Tiered Com" thread below).
    for (var warm = 0; warm < 2; warm++) await BurstAsync(app, pageBrowser, $"{layout}-warm{warm}", pages: true, appCpus ?? "0,1");
    var without = new List<Burst>();
    var with = new List<Burst>();
    for (var round = 0; round < rounds; round++)
    {
        without.Add(await BurstAsync(app, pageBrowser, $"{layout}-{round}-none", pages: false, appCpus ?? "0,1"));
        with.Add(await BurstAsync(app, pageBrowser, $"{layout}-{round}-pages", pages: true, appCpus ?? "0,1"));
    }
    foreach (var (name, runs) in new[] { ("no page open", without), ("/calls and overview open, filtered to the burst", with) })
    {
        table.Add($"| {layout} | {name} | {string.Join(" / ", runs.Select(r => r.Rate.ToString("N0")))} | **{Median(runs, r => r.Rate):N0}** | {Median(runs, r => r.AppCpuMs):N2} | {Median(runs, r => r.SendersCpuMs):N2} | {Median(runs, r => r.ChromiumCpuS):N1} | {runs[^1].Shown} |");
    }
    // Each pages round ran right after its no-page round, so the pair saw about the same machine:
    // the pairs' ratios say more than the ratio of medians when the VM's speed drifts.
    var paired = with.Zip(without, (w, o) => w.Rate / o.Rate).Order().ToList();
    // Where the app's CPU went, by thread (median per delivery): pages' cost shows up as render work on
    // the thread pool, or as runtime work (finalizer, GC, tiered JIT) when it is garbage or new code.
    var names = with.Concat(without).SelectMany(r => r.ThreadCpuMs.Keys).Distinct()
        .Select(n => (Name: n, With: Median(with, r => r.ThreadCpuMs.GetValueOrDefault(n)), Without: Median(without, r => r.ThreadCpuMs.GetValueOrDefault(n))))
        .Where(t => t.With + t.Without >= 0.05).OrderByDescending(t => t.With + t.Without);
    summary.Add($"{layout}: app CPU ms per delivery by thread, without → with pages: {string.Join("; ", names.Select(t => $"{t.Name} {t.Without:N2} → {t.With:N2}"))}.");
    summary.Add($"{layout}: the bench's Playwright client, CPU ms per delivery without → with pages: {Median(without, r => r.ClientCpuMs):N2} → {Median(with, r => r.ClientCpuMs):N2} (on {(appCpus is null ? "both CPUs" : "the browser's CPU")}).");
    summary.Add($"{layout}: Chromium with the pages open: {Median(with, r => r.IdleChromiumCpu):N2} CPU s per second idle, {Median(with, r => r.ChromiumCpuS / r.Seconds):N2} CPU s per second during the burst.");
    summary.Add($"{layout}: throughput with pages open / without = {Median(with, r => r.Rate) / Median(without, r => r.Rate):P0} (medians), "
        + $"{BenchApp.Percentile(paired, 0.5):P0} (median of the {paired.Count} paired rounds: {string.Join(" / ", paired.Select(r => r.ToString("P0")))}); "
        + $"app CPU per delivery with / without = {Median(with, r => r.AppCpuMs) / Median(without, r => r.AppCpuMs):P0}.");
}
PinSelf("0,1");
Console.WriteLine();
Console.WriteLine($"| layout | burst of 500 deliveries, 32 senders | deliveries/s per round | median | app CPU ms / delivery (median) | senders CPU ms / delivery (median) | Chromium CPU s (median) | pages end showing |");
Console.WriteLine("|---|---|---|---:|---:|---:|---:|---|");
foreach (var line in table) Console.WriteLine(line);
Console.WriteLine();
foreach (var line in summary) Console.WriteLine(line);

async Task<Burst> BurstAsync(BenchApp app, IBrowser pageBrowser, string circuit, bool pages, string senderCpus)
{
    IPage? calls = null, overview = null;
    var idleChromium = 0.0;
    // The pages show the circuit's earlier calls when the burst comes, as a manager's dashboard does:
    // the burst updates drawn charts and a full grid. --empty-start opens them on a circuit without
    // calls instead, so the burst's first refresh draws every chart and row (the costlier case).
    var earlier = args.Contains("--empty-start") ? 0 : 60;
    using (var seeder = app.WebhookClient(4))
        for (var i = 0; i < earlier; i++)
            if (!await BenchApp.PostAsync(seeder, $"{circuit}-earlier-{i}", circuit, DateTime.UtcNow.AddHours(-3).AddMinutes(-i * 20))) throw new InvalidOperationException("webhook refused");
    var total = (earlier + 500).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    if (pages)
    {
        // Loaded and live (the empty grid and the zero KPI are drawn after the circuit connected).
        if (onlyPage is null or "calls")
        {
            calls = await OpenAsync(app.BaseUrl + "/calls?circuit=" + circuit, pageBrowser);
            await calls.GetByTestId("calls-total").WaitForAsync();
        }
        if (onlyPage is null or "overview")
        {
            overview = await OpenAsync(app.BaseUrl + "/?circuit=" + circuit, pageBrowser);
            await overview.GetByTestId("kpi-calls").WaitForAsync();
        }
        // Pages open before a burst in real use. Opening them leaves garbage (dynamic methods the
        // finalizer thread frees for the next ~2 s, dotnet-trace); let that settle first.
        await Task.Delay(TimeSpan.FromSeconds(5));
        // What the open pages cost the browser with nothing arriving (animations, timers), per second.
        var idleFrom = ChromiumCpuTicks();
        await Task.Delay(TimeSpan.FromSeconds(2));
        idleChromium = ChromiumCpuSecondsSince(idleFrom) / 2;
    }
    // --trace: a sampled trace of the app during each burst (dotnet-trace must be installed);
    // with --trace-jit, the JIT events instead (which methods, dynamic ones included, are compiled).
    Process? trace = null;
    if (args.Contains("--trace"))
    {
        trace = Process.Start(new ProcessStartInfo("dotnet-trace", ["collect", "-p", app.ProcessId.ToString(), .. (args.Contains("--trace-jit") ? ["--providers", "Microsoft-Windows-DotNETRuntime:0x10:5"] : new[] { "--profile", "dotnet-sampled-thread-time" }), "--duration", "00:00:00:08", "-o", Path.Combine(BenchApp.RepoRoot, $"bench/.out/burst-{circuit}.nettrace")]) { RedirectStandardOutput = true, RedirectStandardInput = true });
        await Task.Delay(1500);
    }
    using var senders = await StartSendersAsync(app.BaseUrl, circuit, senderCpus);
    var appCpu = app.CpuTime;
    var threadCpu = app.ThreadCpuSeconds();
    var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
    var chromiumCpu = ChromiumCpuTicks();
    // The renderer's own accounting of its main thread (script, style, layout) for each open page.
    var cdp = new List<(string Name, ICDPSession Session, Dictionary<string, double> Before)>();
    var animationLogs = new List<(string Name, System.Collections.Concurrent.ConcurrentBag<string> Started)>();
    foreach (var (name, page) in new[] { ("calls", calls), ("overview", overview) })
    {
        if (page is null) continue;
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("Performance.enable");
        if (args.Contains("--animations"))
        {
            // Which CSS animations and transitions the burst starts on this page (name or property, and where).
            var started = new System.Collections.Concurrent.ConcurrentBag<string>();
            session.Event("Animation.animationStarted").OnEvent += (_, e) =>
            {
                var a = e!.Value.GetProperty("animation");
                var source = a.TryGetProperty("source", out var src) ? src : default;
                var node = source.ValueKind == System.Text.Json.JsonValueKind.Object && source.TryGetProperty("backendNodeId", out var n) ? n.GetInt32() : 0;
                started.Add($"{a.GetProperty("type").GetString()} {a.GetProperty("name").GetString()} {(source.ValueKind == System.Text.Json.JsonValueKind.Object && source.TryGetProperty("duration", out var d) ? d.GetDouble() : 0)} ms #{node}");
            };
            await session.SendAsync("Animation.enable");
            session.Event("Network.webSocketFrameReceived").OnEvent += (_, e) =>
            {
                var data = e!.Value.GetProperty("response").GetProperty("payloadData").GetString() ?? "";
                started.Add($"ws frame {data.Length / 1000 * 1000}+ chars #0");
            };
            await session.SendAsync("Network.enable");
            animationLogs.Add((name, started));
        }
        cdp.Add((name, session, await MetricsAsync(session)));
    }
    // --chrome-trace: Chromium's timeline of the first open page during the burst, summarised below
    // (time per event on the renderer's main thread, and which scripts forced layouts).
    var tracedPage = calls ?? overview;
    ICDPSession? tracing = null;
    var traceEvents = new System.Collections.Concurrent.ConcurrentQueue<string>();
    var traceDone = new TaskCompletionSource();
    if (args.Contains("--chrome-trace") && tracedPage is not null)
    {
        tracing = await tracedPage.Context.NewCDPSessionAsync(tracedPage);
        tracing.Event("Tracing.dataCollected").OnEvent += (_, e) => { foreach (var x in e!.Value.GetProperty("value").EnumerateArray()) traceEvents.Enqueue(x.GetRawText()); };
        tracing.Event("Tracing.tracingComplete").OnEvent += (_, _) => traceDone.TrySetResult();
        await tracing.SendAsync("Tracing.start", new() { ["transferMode"] = "ReportEvents", ["traceConfig"] = new Dictionary<string, object> { ["includedCategories"] = new[] { "devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.stack" } } });
    }
    await senders.StandardInput.WriteLineAsync("go");
    var sent = (await senders.StandardOutput.ReadLineAsync())?.Split(' ') ?? throw new InvalidOperationException("the senders failed");
    var elapsed = TimeSpan.FromSeconds(double.Parse(sent[0], System.Globalization.CultureInfo.InvariantCulture));
    var sendersCpuMs = double.Parse(sent[1], System.Globalization.CultureInfo.InvariantCulture) * 1000 / 500;
    if (tracing is not null)
    {
        // Let the last throttled refresh land before the trace stops.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await tracing.SendAsync("Tracing.end");
        await traceDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        SummariseTrace(circuit, System.Text.Encoding.UTF8.GetBytes("[" + string.Join(",", traceEvents) + "]"));
    }
    if (trace is not null)
    {
        await trace.WaitForExitAsync();
        trace.Dispose();
    }
    var appCpuMs = (app.CpuTime - appCpu).TotalMilliseconds / 500;
    var threads = app.ThreadCpuMsSince(threadCpu, appCpu, 500);
    var benchCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalMilliseconds / 500;
    // Per process, so Chromium processes of earlier rounds' closed pages that exit meanwhile do not count.
    var chromiumCpuS = ChromiumCpuSecondsSince(chromiumCpu);
    if (pages) Console.WriteLine($"  {circuit}: Chromium CPU s by process type during the burst: {ChromiumCpuByType(chromiumCpu)}");
    foreach (var (name, started) in animationLogs)
    {
        var session = cdp.First(c => c.Name == name).Session;
        var described = new List<string>();
        foreach (var g in started.GroupBy(x => x).OrderByDescending(g => g.Count()).Take(10))
        {
            var id = int.Parse(g.Key[(g.Key.LastIndexOf('#') + 1)..]);
            var what = "?";
            try
            {
                var node = (await session.SendAsync("DOM.describeNode", new() { ["backendNodeId"] = id, ["depth"] = 0 }))!.Value.GetProperty("node");
                var attrs = node.TryGetProperty("attributes", out var at) ? string.Join(" ", at.EnumerateArray().Select(x => x.GetString())) : "";
                what = $"<{node.GetProperty("nodeName").GetString()} {attrs[..Math.Min(120, attrs.Length)]}>";
            }
            catch (PlaywrightException) { }
            described.Add($"{g.Count()}× {g.Key} {what}");
        }
        Console.WriteLine($"  {circuit} {name}: animations started:\n    {string.Join("\n    ", described)}");
    }
    foreach (var (name, session, before) in cdp)
    {
        var after = await MetricsAsync(session);
        string D(string k) => (after.GetValueOrDefault(k) - before.GetValueOrDefault(k)).ToString("N2");
        Console.WriteLine($"  {circuit} {name}: main thread s: tasks {D("TaskDuration")}, script {D("ScriptDuration")}, style {D("RecalcStyleDuration")}, layout {D("LayoutDuration")}; layouts {D("LayoutCount")}, style recalcs {D("RecalcStyleCount")}, nodes {after.GetValueOrDefault("Nodes"):N0}");
    }
    var shown = "—";
    if (calls is not null || overview is not null)
    {
        var shownParts = new List<string>();
        try
        {
            if (calls is not null)
            {
                await calls.GetByTestId("calls-total").Filter(new() { HasText = total }).WaitForAsync(new() { Timeout = 15_000 });
                shownParts.Add($"/calls \"{await calls.GetByTestId("calls-total").InnerTextAsync()}\"");
            }
            if (overview is not null)
            {
                var kpi = overview.GetByTestId("kpi-calls").GetByTestId("kpi-value");
                await kpi.Filter(new() { HasText = total }).WaitForAsync(new() { Timeout = 15_000 });
                shownParts.Add($"overview {await kpi.InnerTextAsync()} calls");
            }
        }
        catch (TimeoutException)
        {
            foreach (var (name, page) in new[] { ("calls", calls), ("overview", overview) })
                if (page is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(BenchApp.RepoRoot, $"bench/.out/burst-{name}.png") });
            throw new InvalidOperationException($"After the burst of 500 a page does not show {total} calls; see bench/.out/burst-*.png.");
        }
        shown = string.Join(", ", shownParts);
        if (calls is not null) await calls.Context.CloseAsync();
        if (overview is not null) await overview.Context.CloseAsync();
    }
    return new Burst(500 / elapsed.TotalSeconds, appCpuMs, sendersCpuMs, benchCpuMs, chromiumCpuS, shown, threads, idleChromium, elapsed.TotalSeconds);
}

static double Median(List<Burst> runs, Func<Burst, double> value)
{
    var sorted = runs.Select(value).Order().ToList();
    return BenchApp.Percentile(sorted, 0.5);
}

// Every thread of this process (the senders) on the given CPUs; threads started later inherit it.
static void PinPlaywrightDriver(string cpus)
{
    foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1]) != Environment.ProcessId || !File.ReadAllText(Path.Combine(dir, "comm")).StartsWith("node", StringComparison.Ordinal)) continue;
            using var p = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", cpus, Path.GetFileName(dir)]) { RedirectStandardOutput = true })!;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        catch (FormatException) { }
    }
}

static void PinSelf(string cpus)
{
    var info = new ProcessStartInfo("taskset", ["-a", "-p", "-c", cpus, Environment.ProcessId.ToString()]) { RedirectStandardOutput = true };
    using var p = Process.Start(info)!;
    p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException("taskset failed");
}

// User + system CPU ticks (1/100 s) of every Chromium process alive now, by PID (the page browsers only run here).
static Dictionary<int, long> ChromiumCpuTicks()
{
    var ticks = new Dictionary<int, long>();
    foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
    {
        try
        {
            if (!File.ReadAllText(Path.Combine(dir, "comm")).StartsWith("chrom", StringComparison.Ordinal)) continue;
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks[int.Parse(Path.GetFileName(dir))] = long.Parse(fields[11]) + long.Parse(fields[12]);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
    return ticks;
}

// Where Chromium's CPU went: the renderer (script, style, layout, paint), the GPU process (raster and
// compositing, in software here) or the browser process.
static string ChromiumCpuByType(Dictionary<int, long> before) => string.Join(", ", ChromiumCpuTicks()
    .GroupBy(p => ProcessType(p.Key), p => p.Value - before.GetValueOrDefault(p.Key))
    .Select(g => $"{g.Key} {g.Sum() / 100.0:N2}"));

static string ProcessType(int pid)
{
    try
    {
        var type = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', ' ').FirstOrDefault(a => a.StartsWith("--type=", StringComparison.Ordinal));
        return type?["--type=".Length..] ?? "browser";
    }
    catch (IOException)
    {
        return "gone";
    }
}

static double ChromiumCpuSecondsSince(Dictionary<int, long> before) =>
    ChromiumCpuTicks().Sum(p => p.Value - before.GetValueOrDefault(p.Key)) / 100.0;

static string ChromiumPath() => Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";

async Task<IPage> OpenAsync(string url, IBrowser? on = null)
{
    var context = await (on ?? browser).NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 }, TimezoneId = "Asia/Tokyo" });
    var page = await context.NewPageAsync();
    await page.GotoAsync(url);
    await page.WaitForFunctionAsync("() => window.Blazor !== undefined");
    return page;
}

static async Task<Dictionary<string, double>> MetricsAsync(ICDPSession session)
{
    var result = await session.SendAsync("Performance.getMetrics");
    return result!.Value.GetProperty("metrics").EnumerateArray()
        .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
}

async Task WarmAsync(HttpClient client)
{
    for (var i = 0; i < 300; i++) await BenchApp.PostAsync(client, $"warm-{i}", "WARM");
}

// The burst's 32 senders run as a process of their own, so the isolated layout can pin them beside the
// app while the Playwright client that watches the pages runs on the browser's CPU. It opens its
// connections and compiles its code, says "ready", and on "go" sends the 500 deliveries, then prints
// the seconds they took and its own CPU seconds.
static async Task SendBurstAsync(string baseUrl, string circuit)
{
    using var client = BenchApp.WebhookClient(baseUrl, 32);
    await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ => (await client.GetAsync("/health")).EnsureSuccessStatusCode()));
    if (!await BenchApp.PostAsync(client, $"{circuit}-warm", "SENDERS-WARM")) throw new InvalidOperationException("webhook refused");
    Console.WriteLine("ready");
    Console.ReadLine();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < 500)
            if (!await BenchApp.PostAsync(client, $"{circuit}-{i}", circuit, DateTime.UtcNow.AddMinutes(-2).AddMilliseconds(i))) throw new InvalidOperationException("webhook refused");
    })));
    var seconds = watch.Elapsed.TotalSeconds;
    Console.WriteLine(FormattableString.Invariant($"{seconds} {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds}"));
}

static async Task<Process> StartSendersAsync(string baseUrl, string circuit, string cpus)
{
    var self = Environment.ProcessPath!;
    string[] selfArgs = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(Burst).Assembly.Location] : [];
    var senders = Process.Start(new ProcessStartInfo("taskset", ["-c", cpus, self, .. selfArgs, "--send", baseUrl, circuit]) { RedirectStandardInput = true, RedirectStandardOutput = true })!;
    if (await senders.StandardOutput.ReadLineAsync() != "ready") throw new InvalidOperationException("the senders did not start");
    return senders;
}

static void SummariseTrace(string circuit, byte[] json)
{
    using var doc = System.Text.Json.JsonDocument.Parse(json);
    var events = doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array ? doc.RootElement : doc.RootElement.GetProperty("traceEvents");
    // The renderer's main thread is the one named CrRendererMain.
    var main = events.EnumerateArray().Where(e => e.GetProperty("name").GetString() == "thread_name" && e.GetProperty("args").GetProperty("name").GetString() == "CrRendererMain")
        .Select(e => (e.GetProperty("pid").GetInt32(), e.GetProperty("tid").GetInt32())).ToHashSet();
    var byName = new Dictionary<string, (int Count, double Ms)>();
    var forced = new Dictionary<string, int>();
    var scripts = new Dictionary<string, (int Count, double Ms)>();
    foreach (var e in events.EnumerateArray())
    {
        if (!e.TryGetProperty("tid", out var tid) || !main.Contains((e.GetProperty("pid").GetInt32(), tid.GetInt32()))) continue;
        if (e.GetProperty("ph").GetString() != "X" || !e.TryGetProperty("dur", out var dur)) continue;
        var name = e.GetProperty("name").GetString()!;
        var (c, ms) = byName.GetValueOrDefault(name);
        byName[name] = (c + 1, ms + dur.GetDouble() / 1000);
        // Which scripts the main thread ran (function and file), and which events it dispatched.
        if (name is "EventDispatch" or "FunctionCall" && e.GetProperty("args").TryGetProperty("data", out var data))
        {
            var what = $"{name} {(data.TryGetProperty("type", out var t) ? t.GetString() : "")}{(data.TryGetProperty("functionName", out var f) ? f.GetString() : "")} {(data.TryGetProperty("url", out var u) ? Path.GetFileName(u.GetString()) : "")}:{(data.TryGetProperty("lineNumber", out var l) ? l.GetInt32() : 0)}";
            var (wc, wms) = scripts.GetValueOrDefault(what);
            scripts[what] = (wc + 1, wms + dur.GetDouble() / 1000);
        }
        if (name == "Layout" && e.GetProperty("args").TryGetProperty("beginData", out var bd) && bd.TryGetProperty("stackTrace", out var st) && st.GetArrayLength() > 0)
        {
            var top = string.Join(" < ", st.EnumerateArray().Take(3).Select(f => $"{f.GetProperty("functionName").GetString()}@{Path.GetFileName(f.GetProperty("url").GetString())}:{f.GetProperty("lineNumber").GetInt32()}"));
            forced[top] = forced.GetValueOrDefault(top) + 1;
        }
    }
    Console.WriteLine($"  {circuit}: main-thread events (count, ms): " + string.Join(", ", byName.OrderByDescending(x => x.Value.Ms).Take(14).Select(x => $"{x.Key} {x.Value.Count} {x.Value.Ms:N0}")));
    foreach (var (what, (n, ms)) in scripts.OrderByDescending(x => x.Value.Ms).Take(6)) Console.WriteLine($"    {what}: ×{n}, {ms:N0} ms");
    foreach (var (where, n) in forced.OrderByDescending(x => x.Value).Take(8)) Console.WriteLine($"    forced layout ×{n}: {where}");
}

/// <param name="SendersCpuMs">The senders' CPU ms per delivery (their own process).</param>
/// <param name="ClientCpuMs">The bench's own CPU ms per delivery: the Playwright client watching the pages.</param>
/// <param name="ThreadCpuMs">The app's CPU ms per delivery during the burst, by thread name.</param>
/// <param name="IdleChromiumCpu">Chromium's CPU seconds per second with the pages open and nothing arriving.</param>
sealed record Burst(double Rate, double AppCpuMs, double SendersCpuMs, double ClientCpuMs, double ChromiumCpuS, string Shown, Dictionary<string, double> ThreadCpuMs, double IdleChromiumCpu, double Seconds);
