// Webhook ingest at 32 senders: SQLite (one instance, the default) beside PostgreSQL with one and with
// two instances on one database, in the same run on the same machine.
//   dotnet run -c Release --project bench/PostgreSqlIngest [-- --seconds 10]
// PostgreSQL is the tests' throwaway cluster, here durable (fsync and synchronous_commit on, as SQLite
// commits with synchronous=FULL). Prints Markdown for docs/PERFORMANCE.md.
using System.Collections.Concurrent;
using System.Diagnostics;
using MiiTelDashboard.Bench;
using MiiTelDashboard.Tests.Infrastructure;
using Npgsql;

Environment.SetEnvironmentVariable("MIITEL_PG_DURABLE", "1");
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(10);
var appDir = BenchApp.BuildApp();
Console.WriteLine($"{seconds} s per scenario, 32 senders, the sample body with a new detail id each; {Environment.ProcessorCount} cores; client, app(s) and server on one machine.");
Console.WriteLine();
Console.WriteLine("| scenario | deliveries/s | p50 ms | p99 ms | vs SQLite | stored = acknowledged |");
Console.WriteLine("|---|---:|---:|---:|---:|---|");

const string ApiKey = "bench-postgresql-api-key-0123456789abcdef";
double? sqlite = null;
foreach (var (name, instances, provider) in new[] { ("SQLite, one instance", 1, "Sqlite"), ("PostgreSQL, one instance", 1, "PostgreSQL"), ("PostgreSQL, two instances", 2, "PostgreSQL") })
{
    var database = provider == "PostgreSQL" ? await PostgresServer.CreateDatabaseAsync() : null;
    var apps = new List<BenchApp>();
    var folders = new List<string>();
    for (var i = 0; i < instances; i++)
    {
        // The app refuses read-API keys shorter than 32 characters.
        var settings = new Dictionary<string, string> { ["Api__Keys__0"] = ApiKey };
        if (database is not null)
        {
            settings["Database__Provider"] = "PostgreSQL";
            settings["ConnectionStrings__Calls"] = database;
            folders.Add(Path.Combine(Path.GetTempPath(), "miitel-bench-pg-" + Guid.NewGuid().ToString("N")));
            settings["Data__Directory"] = folders[^1];
        }
        apps.Add(await BenchApp.StartAsync(appDir, settings));
    }

    var clients = apps.Select(a => a.WebhookClient(32)).ToList();
    var latencies = new ConcurrentBag<double>();
    var acknowledged = 0;
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 32).Select(sender => Task.Run(async () =>
    {
        var client = clients[sender % clients.Count];
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var started = Stopwatch.GetTimestamp();
            if (await BenchApp.PostAsync(client, $"bench-{sender:D2}-{i:D6}"))
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref acknowledged);
            }
        }
    })));
    var rate = acknowledged / clock.Elapsed.TotalSeconds;
    sqlite ??= rate;
    var sorted = latencies.Order().ToList();
    long stored;
    if (database is not null)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM \"Details\"", conn);
        stored = (long)(await cmd.ExecuteScalarAsync())!;
    }
    else
    {
        using var api = new HttpClient { BaseAddress = new Uri(apps[0].BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        var json = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/calls?from=2000-01-01&pageSize=1")).RootElement;
        stored = json.GetProperty("total").GetInt32();
    }
    Console.WriteLine($"| {name} | {rate:N0} | {BenchApp.Percentile(sorted, 0.5):N1} | {BenchApp.Percentile(sorted, 0.99):N1} | {rate / sqlite:N2}× | {(stored == acknowledged ? "yes" : $"NO: {stored} of")} {acknowledged:N0} |");
    foreach (var c in clients) c.Dispose();
    foreach (var a in apps) await a.DisposeAsync();
    if (database is not null) await PostgresServer.DropDatabaseAsync(database);
    foreach (var folder in folders) Directory.Delete(folder, recursive: true);
}
