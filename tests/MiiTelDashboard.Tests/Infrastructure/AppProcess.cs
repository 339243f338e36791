using System.Globalization;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace MiiTelDashboard.Tests.Infrastructure;

/// <summary>
/// The built app as a separate OS process, for what an in-process host cannot show: a hard
/// kill (SIGKILL) and a restart on the same database file.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppProcess(Process process) => _process = process;

    /// <summary>The address Kestrel bound: the app listens on port 0 and the system picks a free one.</summary>
    public string BaseUrl { get; private set; } = "";
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Starts the app built beside the tests, or the one at <paramref name="appDll"/> (a published build),
    /// and waits until <c>/health</c> answers 200, or (<paramref name="healthy"/> false, for an app started
    /// with something it needs away) answers at all. An app that does not get there is killed, never left running.
    /// It starts in the dll's folder unless <paramref name="workingDirectory"/> says otherwise.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string databasePath, IDictionary<string, string>? settings = null, string? appDll = null, bool healthy = true,
        string? workingDirectory = null)
    {
        appDll ??= typeof(Program).Assembly.Location;
        var info = new ProcessStartInfo("dotnet", [appDll])
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A port chosen here and freed before the app binds it could be taken meanwhile; Kestrel picks
        // one itself and logs it (Microsoft.Hosting.Lifetime at Information).
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__Calls"] = $"Data Source={databasePath}";
        info.Environment["MiiTel__Webhook__BearerToken"] = AppFactory.WebhookToken;
        info.Environment["Api__Keys__0"] = AppFactory.ApiKey;
        info.Environment["Clock__StartAt"] = AppFactory.Now.ToString("O");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new AppProcess(process);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            app.Append(e.Data);
            if (e.Data is { } line && line.IndexOf(ListeningOn, StringComparison.Ordinal) is var at and >= 0)
                listening.TrySetResult(line[(at + ListeningOn.Length)..].Trim());
        };
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilServingAsync(listening.Task, healthy);
            return app;
        }
        catch
        {
            // Hung at start, or too slow: a test that gives up on it must not leave it running.
            app.Dispose();
            throw;
        }
    }

    private async Task WaitUntilServingAsync(Task<string> listening, bool healthy)
    {
        await Wait.UntilAsync(() =>
        {
            if (_process.HasExited) throw ExitedAtStart();
            return listening.IsCompleted;
        }, TimeSpan.FromSeconds(60), $"the app logs '{ListeningOn}'");
        BaseUrl = listening.Result;

        using var probe = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(2) };
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited) throw ExitedAtStart();
            try
            {
                using var answer = await probe.GetAsync("/health");
                return !healthy || answer.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, TimeSpan.FromSeconds(60), healthy ? "the app answers /health with 200" : "the app answers /health");
    }

    /// <summary>
    /// HasExited can be true before the last lines (an unhandled exception's message) reach the output
    /// handlers; the parameterless WaitForExit returns only once both streams are read to their end.
    /// </summary>
    private InvalidOperationException ExitedAtStart()
    {
        _process.WaitForExit();
        return new InvalidOperationException("The app exited at start:\n" + Output);
    }

    private const string ListeningOn = "Now listening on: ";

    /// <summary>SIGKILL: no graceful shutdown, no draining, no flushing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd or Kubernetes stop a service; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) await kill!.WaitForExitAsync();
        await _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token);
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Kills the app if it still runs; a second call does nothing (a test may stop it early, then leave its using).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private bool _disposed;
}
