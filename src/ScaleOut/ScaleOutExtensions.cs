using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Live;
using StackExchange.Redis;

namespace MiiTelDashboard.ScaleOut;

/// <summary>
/// Several instances behind one load balancer, switched on by <c>ConnectionStrings:Redis</c>; without
/// it nothing here is registered and the app is one process with nothing to install. With it, what
/// one instance does must be seen by all: the call feed goes through Redis pub/sub
/// (<see cref="RedisCallFeed"/>), SignalR's hub through its Redis backplane, the Data Protection keys
/// that sign cookies and antiforgery tokens live in Redis, and the webhook token must be configured,
/// since a generated one would be a different token in each instance's data folder.
/// Called after <c>AddLive</c> and <c>AddSecurity</c>: its registrations take the place of their one-instance ones.
/// </summary>
public static class ScaleOutExtensions
{
    public const string ConnectionStringName = "Redis";

    /// <summary>Where the Data Protection key ring lives in Redis.</summary>
    public const string KeysKey = "miitel:data-protection-keys";

    /// <summary>The prefix of SignalR's backplane channels.</summary>
    public const string BackplanePrefix = "miitel:signalr";

    public static IHostApplicationBuilder AddScaleOut(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetConnectionString(ConnectionStringName) is not { Length: > 0 } connectionString) return builder;
        var services = builder.Services;

        var redisOptions = ConfigurationOptions.Parse(connectionString);
        // Start (and keep retrying) while Redis is away, rather than refuse to start: /health says Unhealthy meanwhile.
        if (!connectionString.Contains("abortConnect", StringComparison.OrdinalIgnoreCase)) redisOptions.AbortOnConnectFail = false;
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redisOptions));

        services.AddSingleton<RedisCallFeed>();
        services.AddSingleton<ICallFeed>(sp => sp.GetRequiredService<RedisCallFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisCallFeed>());
        services.AddKeyedSingleton(CallsHubRelay.FeedKey, (sp, _) => sp.GetRequiredService<RedisCallFeed>().Own);

        // The backplane shares the app's one connection rather than opening its own.
        services.AddSignalR().AddStackExchangeRedis(o => o.Configuration.ChannelPrefix = RedisChannel.Literal(BackplanePrefix));
        services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>().Configure<IConnectionMultiplexer>((o, redis) =>
            o.ConnectionFactory = _ => Task.FromResult(redis));

        // After every Configure: Security keeps the key ring in the data folder, which is one instance's own.
        services.AddOptions<KeyManagementOptions>().PostConfigure<IConnectionMultiplexer>((o, redis) =>
            o.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), KeysKey));

        services.AddOptions<WebhookOptions>().Validate(
            o => !string.IsNullOrEmpty(o.BearerToken) || !string.IsNullOrEmpty(o.BasicUser),
            "ConnectionStrings:Redis is set (several instances), so every instance must accept the same webhook credentials: " +
            "set MiiTel:Webhook:BearerToken (or BasicUser and BasicPassword) to the same value on each. " +
            "A generated token would be a different one in each instance's data folder.")
            .ValidateOnStart();

        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        return builder;
    }
}

/// <summary><c>/health</c>'s Redis entry: the shared connection answers a PING.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected) return HealthCheckResult.Unhealthy("Redis is not connected.");
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0} ms.");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis did not answer a PING.", e);
        }
    }
}
