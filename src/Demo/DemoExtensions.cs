using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;
using MiiTelDashboard.Ingest;

namespace MiiTelDashboard.Demo;

/// <summary>Bound from <c>Demo</c>. <c>dotnet run -- --demo</c> turns it on with a separate database.</summary>
public sealed class DemoSettings
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    [Range(0, 10_000_000)]
    public int Calls { get; set; } = 3_000;

    [Range(1, 3_650)]
    public int Days { get; set; } = 60;

    public int Seed { get; set; } = 20261125;

    [Range(2, 1_000)]
    public int UtterancesPerCall { get; set; } = 24;

    [Range(0.0, 1.0)]
    public double JapaneseShare { get; set; } = 0.65;
}

public static class DemoExtensions
{
    public const string Flag = "--demo";
    public const string DemoConnectionString = "Data Source=data/demo.db";

    /// <summary>
    /// <c>--demo</c> is a bare switch, which the command-line configuration provider cannot
    /// read (it expects a value); take it out before <c>CreateBuilder</c> sees the arguments.
    /// </summary>
    public static string[] WithoutDemoFlag(this string[] args) =>
        args.Where(a => !string.Equals(a, Flag, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>
    /// With <c>--demo</c>: a separate database (data/demo.db, so real data is never mixed with
    /// demo calls), filled at start when empty. Call before AddData, which reads the connection string.
    /// </summary>
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder, string[] args)
    {
        if (args.Any(a => string.Equals(a, Flag, StringComparison.OrdinalIgnoreCase)))
        {
            builder.Configuration[$"{DemoSettings.Section}:{nameof(DemoSettings.Enabled)}"] = "true";
            // --demo is always its own SQLite file, whatever database the configuration names.
            builder.Configuration[DataExtensions.ProviderKey] = nameof(DatabaseProvider.Sqlite);
            builder.Configuration[$"ConnectionStrings:{DataExtensions.ConnectionStringName}"] = DemoConnectionString;
        }
        builder.Services.AddOptions<DemoSettings>().BindConfiguration(DemoSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<DemoSeeder>();
        return builder;
    }
}

/// <summary>
/// Fills an empty demo database through the real ingest path (reader → writer → feed), so the
/// demo exercises exactly what MiiTel's deliveries do.
/// </summary>
internal sealed class DemoSeeder(
    IOptions<DemoSettings> settings,
    IDbContextFactory<CallsDbContext> dbFactory,
    IngestWriter writer,
    DatabaseSettings database,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    // Enough deliveries in flight for the writer's group commit to fill its batches.
    private const int InFlight = 128;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var s = settings.Value;
        if (!s.Enabled) return;
        await Task.Yield();

        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            if (await db.Calls(CallAccess.Everything, CallFilter.All).AnyAsync(stoppingToken))
            {
                logger.LogInformation("Demo mode on {Database}: it already holds calls, nothing generated.", database.Description);
                return;
            }
        }

        var generator = new DemoCallGenerator(new DemoOptions
        {
            Calls = s.Calls, Days = s.Days, Seed = s.Seed, UtterancesPerCall = s.UtterancesPerCall, JapaneseShare = s.JapaneseShare, End = time.GetUtcNow(),
        });
        logger.LogInformation("Demo mode on {Database}: it is empty; generating {Calls:N0} calls over {Days} days through the webhook ingest path…",
            database.Description, s.Calls, s.Days);
        var watch = Stopwatch.StartNew();
        var failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, s.Calls), new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = stoppingToken },
            async (i, ct) =>
            {
                var body = generator.Body(i);
                if (WebhookPayloadReader.Read(body) is not CallPayload payload)
                {
                    Interlocked.Increment(ref failed);
                    return;
                }
                var delivery = new Delivery
                {
                    Result = DeliveryResults.Accepted,
                    ReceivedAt = time.GetUtcNow().UtcDateTime,
                    RemoteIp = "demo",
                    UserAgent = "MiiTel-Dashboard-Demo",
                    SizeBytes = body.Length,
                    DetailIds = string.Join(",", payload.Details.Select(d => d.Id)),
                };
                var outcome = await writer.SubmitAsync(delivery, payload, ct);
                if (!outcome.Committed) Interlocked.Increment(ref failed);
            });
        logger.LogInformation("Demo database filled: {Calls:N0} calls in {Seconds:N1} s ({Failed} failed). Open the dashboard to explore them.",
            s.Calls - failed, watch.Elapsed.TotalSeconds, failed);
    }
}
