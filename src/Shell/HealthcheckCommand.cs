using System.Globalization;

namespace MiiTelDashboard.Shell;

/// <summary>
/// <c>dotnet MiiTelDashboard.dll --healthcheck [URL]</c>: GETs the running app's <c>/health</c> and exits 0
/// on 200, 1 otherwise. The container image has no curl or wget; its HEALTHCHECK runs this instead.
/// Without a URL it asks the port the app listens on, from the same variables Kestrel reads
/// (<c>ASPNETCORE_URLS</c>, then <c>ASPNETCORE_HTTP_PORTS</c>, 8080 in the aspnet image).
/// </summary>
public static class HealthcheckCommand
{
    public const string Flag = "--healthcheck";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int?> TryRunAsync(string[] args, TextWriter? output = null)
    {
        var at = Array.FindIndex(args, a => a.Equals(Flag, StringComparison.OrdinalIgnoreCase));
        if (at < 0) return null;
        output ??= Console.Out;
        var explicitUrl = at + 1 < args.Length && !args[at + 1].StartsWith("--", StringComparison.Ordinal) ? args[at + 1] : null;
        if (Target(explicitUrl, Environment.GetEnvironmentVariable) is not { } target)
        {
            await output.WriteLineAsync($"{Flag}: no http address to check; name one ({Flag} http://127.0.0.1:8080/health) or set ASPNETCORE_HTTP_PORTS.");
            return 1;
        }

        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(target);
            await output.WriteLineAsync($"{target}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"{target}: {e.Message}");
            return 1;
        }
    }

    /// <summary>The address to GET: the one given, else the first http address Kestrel is told to listen on, on loopback.</summary>
    public static Uri? Target(string? explicitUrl, Func<string, string?> environment)
    {
        if (explicitUrl is not null) return Uri.TryCreate(explicitUrl, UriKind.Absolute, out var given) ? given : null;

        foreach (var url in (environment("ASPNETCORE_URLS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) continue;
            // A wildcard host (+, *, 0.0.0.0, [::]) is not an address to call: the app is on this machine's loopback.
            var hostAndPort = url["http://".Length..].TrimEnd('/');
            var colon = hostAndPort.LastIndexOf(':');
            var port = colon >= 0 && int.TryParse(hostAndPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 80;
            return Loopback(port);
        }
        var ports = (environment("ASPNETCORE_HTTP_PORTS") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ports.Length > 0 && int.TryParse(ports[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first) ? Loopback(first) : null;
    }

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/health");
}
