using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace MiiTelDashboard.Tests.Deploy;

/// <summary>
/// The app as it is deployed: <c>dotnet publish MiiTelDashboard.csproj -c Release -o DIR</c>, the command
/// the README and the Dockerfile run. Published once per test run (it takes about a minute), shared by every
/// test that runs the published build, into one folder beside the tests that each run replaces (a test host
/// is ended, not exited, so it cannot remove a temp folder after itself).
/// </summary>
public static class PublishedApp
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The published <c>MiiTelDashboard.dll</c>.</summary>
    public static Task<string> DllAsync() => Published.Value;

    public static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "../../.."));

    /// <summary>The arguments of <c>dotnet publish</c>, as the Dockerfile and the README give them.</summary>
    public static IReadOnlyList<string> PublishArguments(string output) => ["MiiTelDashboard.csproj", "-c", "Release", "-o", output, "--no-restore"];

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "published");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        var root = RepositoryRoot();
        // --no-restore: the test run restored already, and a restore now would rewrite obj/ under the running build.
        var info = new ProcessStartInfo("dotnet", ["publish", .. PublishArguments(output), "-nologo"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The test host's MSBuild variables would point the child build at the test run's own SDK state.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        var log = new StringBuilder();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet publish did not start");
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish exited with {process.ExitCode}:\n{log}");
        var dll = Path.Combine(output, "MiiTelDashboard.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException("dotnet publish made no MiiTelDashboard.dll:\n" + log);
    }
}
