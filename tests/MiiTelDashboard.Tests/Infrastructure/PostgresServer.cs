using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MiiTelDashboard.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: the distribution's own server binaries
/// (<c>.ci/run</c> installs them), <c>initdb</c> into a temp folder and <c>pg_ctl</c> on a free port of
/// 127.0.0.1 with its socket in that folder. Started once, on first use, shared by every test; each
/// test gets its own database (<see cref="CreateDatabaseAsync"/>). Stopped (<c>pg_ctl stop -m
/// immediate</c>) and deleted when the test process exits, passed or failed; a cluster left by a run
/// that was killed is removed by the next run.
/// </summary>
public static class PostgresServer
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "miitel-pg-tests");
    private static readonly Lazy<Task<Cluster>> Shared = new(() => Task.Run(StartAsync));

    private sealed record Cluster(string Folder, string BinDir, int Port)
    {
        public string ConnectionString(string database) =>
            $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Include Error Detail=true";
    }

    /// <summary>A new, empty database (UTF-8, C.UTF-8 collation); returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var cluster = await Shared.Value.ConfigureAwait(false);
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var conn = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await conn.OpenAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
        return cluster.ConnectionString(name);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing whatever is still connected to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var cluster = await Shared.Value.ConfigureAwait(false);
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await conn.OpenAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static async Task<Cluster> StartAsync()
    {
        RemoveAbandonedClusters();
        var binDir = FindBinDir();
        var folder = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (IsRoot)
        {
            // initdb and postgres refuse to run as root: the cluster belongs to the postgres user.
            await RunAsync("chmod", ["755", Root]).ConfigureAwait(false);
            await RunAsync("chown", ["postgres:postgres", folder]).ConfigureAwait(false);
        }
        var data = Path.Combine(folder, "data");
        await RunAsServerUserAsync(Path.Combine(binDir, "initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]).ConfigureAwait(false);

        // A port taken between choosing it and binding it makes pg_ctl fail: choose again.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            // Tests need no durability across a power cut; a benchmark comparing with SQLite's FULL sync does (MIITEL_PG_DURABLE=1).
            var durable = Environment.GetEnvironmentVariable("MIITEL_PG_DURABLE") == "1";
            var options = string.Join(' ',
                $"-p {port}", $"-k {folder}", "-c listen_addresses=127.0.0.1", "-c max_connections=400", "-c shared_buffers=64MB",
                durable ? "" : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            try
            {
                await RunAsServerUserAsync(Path.Combine(binDir, "pg_ctl"),
                    ["start", "-D", data, "-w", "-t", "60", "-l", Path.Combine(folder, "server.log"), "-o", options]).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                continue;
            }
            var cluster = new Cluster(folder, binDir, port);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(cluster);
            return cluster;
        }
    }

    /// <summary>
    /// Stops the server at once and deletes its folder, from a shell of its own session: the test host
    /// may be ended right after its exit handlers start, and this finishes regardless.
    /// </summary>
    private static void Stop(Cluster cluster)
    {
        var pgCtl = Path.Combine(cluster.BinDir, "pg_ctl");
        var data = Path.Combine(cluster.Folder, "data");
        var stop = IsRoot ? $"runuser -u postgres -- '{pgCtl}' stop -D '{data}' -m immediate -w" : $"'{pgCtl}' stop -D '{data}' -m immediate -w";
        var info = new ProcessStartInfo("setsid", ["sh", "-c", $"{stop} >/dev/null 2>&1; rm -rf '{cluster.Folder}'"])
        {
            UseShellExecute = false, WorkingDirectory = "/",
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(info);
        process?.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>Clusters whose test process is gone (killed before its exit handler ran): stopped and deleted.</summary>
    private static void RemoveAbandonedClusters()
    {
        if (!Directory.Exists(Root)) return;
        foreach (var folder in Directory.GetDirectories(Root))
        {
            var pidFile = Path.Combine(folder, "owner.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile), CultureInfo.InvariantCulture, out var pid) && IsAlive(pid)) continue;
            Stop(new Cluster(folder, FindBinDir(), 0));
        }
    }

    private static bool IsAlive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>The newest installed server's binaries (Debian: /usr/lib/postgresql/VERSION/bin).</summary>
    private static string FindBinDir()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        return versions.Count > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException("No PostgreSQL server is installed (/usr/lib/postgresql/*/bin/initdb); .ci/run installs it: apt-get install postgresql.");
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsServerUserAsync(string program, IReadOnlyList<string> args) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. args]) : RunAsync(program, args);

    private static async Task RunAsync(string program, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            // pg_ctl's server inherits this directory; the postgres user must be able to enter it.
            WorkingDirectory = "/",
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
