using Microsoft.Extensions.Options;

namespace MiiTelDashboard.Retention;

/// <summary>
/// Runs the <see cref="RetentionPurge"/> <see cref="RetentionOptions.StartDelay"/> after start, then
/// every <see cref="Interval"/>, on the app's clock. Does nothing when both periods are 0.
/// </summary>
public sealed class RetentionService(RetentionPurge purge, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        try
        {
            await Task.Delay(o.StartDelay, time, stoppingToken);
            using var timer = new PeriodicTimer(Interval, time);
            do
            {
                await RunOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a batch that was under way rolled back, and the next start carries on.
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            await purge.RunAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // What committed stays deleted; the rest waits for the next run rather than stopping the app.
            logger.LogError(e, "The retention purge failed; it runs again in {Interval}.", Interval);
        }
    }
}
