using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace MiiTelDashboard.Bench;

/// <summary>
/// The app built in Release and started as its own process on a fresh SQLite file, as a
/// customer runs it; shared by the benchmarks.
/// </summary>
public sealed class BenchApp : IAsyncDisposable
{
    public const string Token = "bench-token-0123456789abcdef0123456789";
    // At least 32 characters: the app refuses shorter configured keys at start (ApiOptions.MinKeyLength).
    public const string ApiKey = "bench-api-key-0123456789abcdef0123456789";
    public const string SampleId = "99e2fdb7-845a-46de-8d94-882add220551";

    /// <summary>The first Admin (Setup:AdminEmail), created at start when the database has no user yet.</summary>
    public const string AdminEmail = "bench-admin@miitel-bench.local";
    public const string AdminPassword = "bench-admin-password-0123";

    private readonly Process _process;
    private readonly string _directory;

    private BenchApp(Process process, string directory, string baseUrl, string databasePath)
    {
        _process = process;
        _directory = directory;
        BaseUrl = baseUrl;
        DatabasePath = databasePath;
    }

    public string BaseUrl { get; }

    /// <summary>The SQLite file the app writes (with its -wal beside it while the app runs).</summary>
    public string DatabasePath { get; }

    /// <summary>The app's process id (for a profiler).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// CPU seconds (user + system) of each live thread of the app, by thread id, with its name (digits
    /// dropped, so ".NET TP Worker" threads add up). See <see cref="ThreadCpuMsSince"/>.
    /// </summary>
    public Dictionary<int, (string Name, double Seconds)> ThreadCpuSeconds()
    {
        var byThread = new Dictionary<int, (string, double)>();
        var tasks = $"/proc/{_process.Id}/task";
        if (!Directory.Exists(tasks)) return byThread;
        foreach (var dir in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                var name = new string(File.ReadAllText(Path.Combine(dir, "comm")).Trim().Where(c => !char.IsAsciiDigit(c)).ToArray()).Trim();
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                byThread[int.Parse(Path.GetFileName(dir))] = (name, (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0);
            }
            catch (IOException) { }
        }
        return byThread;
    }

    /// <summary>
    /// The app's CPU ms per delivery since <paramref name="before"/>, by thread name: which runtime
    /// threads (finalizer, GC, tiered JIT, thread-pool workers) a scenario's CPU went to. Threads that
    /// exited meanwhile (retired thread-pool workers) are "exited threads": the process's CPU minus what
    /// the live threads account for, since a thread's counters go with it.
    /// </summary>
    public Dictionary<string, double> ThreadCpuMsSince(Dictionary<int, (string Name, double Seconds)> before, TimeSpan processCpuBefore, int deliveries)
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        var accounted = 0.0;
        foreach (var (tid, (name, seconds)) in ThreadCpuSeconds())
        {
            var delta = seconds - (before.TryGetValue(tid, out var b) && b.Name == name ? b.Seconds : 0);
            byName[name] = byName.GetValueOrDefault(name) + delta * 1000 / deliveries;
            accounted += delta;
        }
        byName["exited threads"] = Math.Max(0, (CpuTime - processCpuBefore).TotalSeconds - accounted) * 1000 / deliveries;
        return byName;
    }

    /// <summary>
    /// utime + stime of the app process from <c>/proc/PID/stat</c>, in clock ticks (CLK_TCK is 100 on
    /// Linux: one tick is 10 ms), all its threads, live and exited.
    /// </summary>
    public long CpuTicks()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // Fields after the command name (which may hold spaces), numbered from field 3 (state): utime is 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }

    /// <summary>
    /// The app's resident set now (VmRSS) and its peak so far (VmHWM), in MB, from <c>/proc/PID/status</c>;
    /// of the resident set, the anonymous part (RssAnon: heaps, the GC's, SQLite's page caches) and the
    /// file-backed part (RssFile: the runtime's and the app's mapped images, memory-mapped database pages);
    /// the rest is shared memory (RssShmem: SQLite's WAL index, the <c>-shm</c> file every connection maps).
    /// </summary>
    public (double RssMb, double PeakMb, double AnonMb, double FileMb, double ShmemMb) Memory()
    {
        double rss = 0, peak = 0, anon = 0, file = 0, shmem = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line) / 1024.0;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kb(line) / 1024.0;
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kb(line) / 1024.0;
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Kb(line) / 1024.0;
            else if (line.StartsWith("RssShmem:", StringComparison.Ordinal)) shmem = Kb(line) / 1024.0;
        }
        return (rss, peak, anon, file, shmem);

        static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    /// <summary>CPU time the app process has used so far (all its threads, user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Sample { get; } = File.ReadAllText(Path.Combine(RepoRoot, "tests/MiiTelDashboard.Tests/Samples/voice-analysis-completed.json"));

    /// <summary>
    /// Publishes the app in Release into bench/.out/app (as deployed: static assets included) and returns that folder.
    /// <c>BENCH_PUBLISH_ARGS</c> adds arguments to the publish, to measure a way of publishing
    /// (e.g. <c>-r linux-x64 --self-contained false -p:PublishReadyToRun=true</c>), into a folder of its own.
    /// </summary>
    public static string BuildApp()
    {
        var extra = Environment.GetEnvironmentVariable("BENCH_PUBLISH_ARGS") ?? "";
        var appDir = Path.Combine(RepoRoot, extra.Length == 0 ? "bench/.out/app" : "bench/.out/app-custom");
        using var p = Process.Start(new ProcessStartInfo("dotnet", $"publish \"{Path.Combine(RepoRoot, "MiiTelDashboard.csproj")}\" -c Release -o \"{appDir}\" -v q -nologo {extra}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("Building the app failed:\n" + output);
        return appDir;
    }

    /// <param name="cpus">When set (e.g. "0"), the app runs under <c>taskset -c</c> on those CPUs only.</param>
    /// <param name="database">
    /// An existing SQLite file to run on (the app migrates it at start and writes to it: the first Admin,
    /// sign-ins, webhooks); by default a fresh file in the app's own temporary folder, removed after.
    /// </param>
    public static async Task<BenchApp> StartAsync(string appDir, IDictionary<string, string>? settings = null, string? cpus = null, string? database = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "miitel-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var databasePath = database is null ? Path.Combine(directory, "bench.db") : Path.GetFullPath(database);
        var info = cpus is null
            ? new ProcessStartInfo("dotnet", [Path.Combine(appDir, "MiiTelDashboard.dll")])
            : new ProcessStartInfo("taskset", ["-c", cpus, "dotnet", Path.Combine(appDir, "MiiTelDashboard.dll")]);
        info.WorkingDirectory = appDir;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        // Kestrel picks a free port itself and logs it: a port found free here could be taken before the app binds it.
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        info.Environment["ConnectionStrings__Calls"] = $"Data Source={databasePath}";
        // The webhook token and Data Protection keys go to the temporary folder, never beside a given database.
        info.Environment["Data__Directory"] = directory;
        info.Environment["MiiTel__Webhook__BearerToken"] = Token;
        info.Environment["Api__Keys__0"] = ApiKey;
        info.Environment["Setup__AdminEmail"] = AdminEmail;
        info.Environment["Setup__AdminPassword"] = AdminPassword;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = Process.Start(info)!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The start's output, to say why an app that exits at start did (a refused setting, say).
        var startOutput = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            const string marker = "Now listening on: ";
            if (e.Data is not { } line) return;
            if (!listening.Task.IsCompleted) startOutput.Enqueue(line);
            if (line.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0) listening.TrySetResult(line[(at + marker.Length)..].Trim());
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && !listening.Task.IsCompleted) startOutput.Enqueue(line);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            // The output streams may still be delivering the last lines.
            process.WaitForExit();
            listening.TrySetException(new InvalidOperationException($"The app exited at start with code {process.ExitCode}:\n{string.Join('\n', startOutput.Take(40))}"));
        };
        string baseUrl;
        try
        {
            // A given database may need a migration first (a new index on a million calls takes minutes).
            baseUrl = await listening.Task.WaitAsync(database is null ? TimeSpan.FromSeconds(60) : TimeSpan.FromMinutes(30));
        }
        catch
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            try { Directory.Delete(directory, true); } catch (IOException) { }
            throw;
        }
        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline) { }
            await Task.Delay(100);
        }
        return new BenchApp(process, directory, baseUrl, databasePath);
    }

    /// <summary>A webhook client with up to <paramref name="connections"/> connections.</summary>
    public HttpClient WebhookClient(int connections) => Client(connections, Token);

    public HttpClient ApiClient() => Client(1, ApiKey);

    /// <summary>A webhook client for an app another process started.</summary>
    public static HttpClient WebhookClient(string baseUrl, int connections) => Client(baseUrl, connections, Token);

    private HttpClient Client(int connections, string bearer) => Client(BaseUrl, connections, bearer);

    private static HttpClient Client(string baseUrl, int connections, string bearer)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>Posts the sample with its detail id replaced; optionally a circuit and a start time.</summary>
    public static async Task<bool> PostAsync(HttpClient client, string id, string? circuit = null, DateTime? startedAt = null)
    {
        var body = Sample.Replace(SampleId, id);
        if (circuit is not null) body = body.Replace("\"circuit_number\": \"8330000000\"", $"\"circuit_number\": \"{circuit}\"");
        if (startedAt is { } t)
        {
            // The sample's dial times, moved so the call starts at t and keeps its 53 s of talk.
            body = body.Replace("2022-12-21T22:31:56+00:00", Iso(t))
                .Replace("2022-12-21T22:32:29+00:00", Iso(t.AddSeconds(33)))
                .Replace("2022-12-21T22:33:22+00:00", Iso(t.AddSeconds(86)));
        }
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/webhooks/miitel", content);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static string Iso(DateTime t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'");

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiiTelDashboard.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }

    /// <summary>
    /// Stops the app (killed, as a crash would: every acknowledged delivery is committed, in the file or
    /// its -wal) and keeps its folder, so the database can be copied before <see cref="DisposeAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Copies the stopped app's SQLite file with its -wal (SQLite replays the WAL when the copy is opened).</summary>
    public void CopyDatabaseTo(string path)
    {
        if (!_process.HasExited) throw new InvalidOperationException("Stop the app first: a running app's file is not a consistent copy.");
        File.Copy(DatabasePath, path, overwrite: true);
        if (File.Exists(DatabasePath + "-wal")) File.Copy(DatabasePath + "-wal", path + "-wal", overwrite: true);
        else File.Delete(path + "-wal");
        // The shared-memory index belongs to the processes that had the file open; the copy rebuilds its own.
        File.Delete(path + "-shm");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        try { Directory.Delete(_directory, true); } catch (IOException) { }
    }
}
