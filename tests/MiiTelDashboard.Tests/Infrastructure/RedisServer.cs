using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiiTelDashboard.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> (Debian's package, installed by .ci/run) on a free port in a temp
/// folder, without persistence; stopped and its folder removed on dispose (which a test may call early to take Redis away), whatever the test did.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly int? _reservedPort;
    private Process? _process;
    private readonly StringBuilder _output = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "miitel-redis-" + Guid.NewGuid().ToString("N"));

    public RedisServer() { }

    private RedisServer(int port)
    {
        _reservedPort = port;
        Port = port;
    }

    /// <summary>
    /// A server on a port that is free now, with nothing listening on it until <see cref="InitializeAsync"/>:
    /// an app given its <see cref="ConnectionString"/> first finds Redis away, then finds it there.
    /// </summary>
    public static RedisServer NotYetStarted() => new(FreePort());

    public int Port { get; private set; }

    /// <summary>The value of <c>ConnectionStrings:Redis</c> for an app using this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public string Output { get { lock (_output) return _output.ToString(); } }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        // The port is free when chosen but could be taken before redis binds it: then redis exits and we try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = _reservedPort ?? FreePort();
            _process = Start(Port);
            try
            {
                await Wait.UntilAsync(async () =>
                {
                    if (_process.HasExited) throw new InvalidOperationException("redis-server exited:\n" + Output);
                    return await PingsAsync();
                }, TimeSpan.FromSeconds(20), "redis-server answers PING");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _reservedPort is null)
            {
                _process.Dispose();
            }
        }
    }

    private Process Start(int port)
    {
        var info = new ProcessStartInfo("redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", _directory, "--daemonize", "no", "--protected-mode", "yes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server not found: install Debian's 'redis-server' package (see .ci/run).", e);
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException) { return false; }
        catch (IOException) { return false; }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            _process = null;
        }
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
