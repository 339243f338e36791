using System.Text.Json;
using System.Threading.Channels;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;
using MiiTelDashboard.Live;
using StackExchange.Redis;

namespace MiiTelDashboard.ScaleOut;

/// <summary>
/// The call feed of several instances: a batch stored here goes to this instance's subscribers at
/// once (as in one instance, so nothing waits on Redis) and to a Redis pub/sub channel; a batch
/// another instance published there goes to this instance's subscribers. Each batch carries the id of
/// the instance that stored it, and an instance skips its own, so no subscriber gets a change twice.
/// Publishing to Redis has one owner, a pump draining a bounded outbox: a slow or absent Redis costs
/// the oldest unsent batches (counted in <see cref="Dropped"/>), never the ingest writer's time.
/// Redis pub/sub is at-most-once: a batch published while an instance is disconnected does not reach
/// its pages live (they show it on their next load). Redis away at start does not stop the app: the
/// subscription is made once Redis answers, and the connection renews it after any later reconnect.
/// </summary>
public sealed class RedisCallFeed : ICallFeed, IHostedService, IAsyncDisposable
{
    public const string ChannelName = "miitel:calls";
    public const int OutboxSize = 256;

    /// <summary>How often to try to subscribe again while Redis is away at start.</summary>
    public static readonly TimeSpan SubscribeRetry = TimeSpan.FromSeconds(1);

    private static readonly RedisChannel Channel = RedisChannel.Literal(ChannelName);

    private readonly IConnectionMultiplexer _redis;
    private readonly InProcessCallFeed _everything;
    private readonly InProcessCallFeed _own;
    private readonly ILogger<RedisCallFeed> _logger;
    private readonly Channel<IReadOnlyList<CallChanged>> _outbox;
    private readonly CancellationTokenSource _stopping = new();
    private ChannelMessageQueue? _incoming;
    private Task _subscribing = Task.CompletedTask;
    private Task _pump = Task.CompletedTask;
    private long _dropped;

    public RedisCallFeed(IConnectionMultiplexer redis, InProcessCallFeed local, ILoggerFactory loggers)
    {
        _redis = redis;
        _everything = local;
        _own = new InProcessCallFeed(loggers.CreateLogger<InProcessCallFeed>());
        _logger = loggers.CreateLogger<RedisCallFeed>();
        _outbox = System.Threading.Channels.Channel.CreateBounded<IReadOnlyList<CallChanged>>(
            new BoundedChannelOptions(OutboxSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>This instance's id on the channel.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Only the changes this instance stored: what the hub relays, since SignalR's backplane carries them to the others.</summary>
    public ICallFeed Own => _own;

    /// <summary>Batches not sent to Redis because the outbox was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(IReadOnlyList<CallChanged> changes)
    {
        if (changes.Count == 0) return;
        _everything.Publish(changes);
        _own.Publish(changes);
        _outbox.Writer.TryWrite(changes);
    }

    public IDisposable Subscribe(Func<IReadOnlyList<CallChanged>, Task> handler) => _everything.Subscribe(handler);

    /// <summary>
    /// With Redis there, subscribes before the app serves anything (a page opened at once gets other
    /// instances' calls); with Redis away, returns at once and keeps trying in the background: waiting
    /// here would keep the whole app from starting.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _pump = Task.Run(PumpAsync, CancellationToken.None);
        var tried = _redis.IsConnected;
        if (tried && await TrySubscribeAsync(firstAttempt: true)) return;
        _subscribing = Task.Run(() => SubscribeAsync(warned: tried, _stopping.Token), CancellationToken.None);
    }

    /// <summary>
    /// Subscribes to the channel, again and again while Redis is away. Once subscribed, the connection
    /// itself subscribes anew after every reconnect, so this runs to its end once.
    /// </summary>
    private async Task SubscribeAsync(bool warned, CancellationToken ct)
    {
        for (var attempt = 1; !await TrySubscribeAsync(firstAttempt: attempt == 1 && !warned); attempt++)
        {
            try { await Task.Delay(SubscribeRetry, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<bool> TrySubscribeAsync(bool firstAttempt)
    {
        var subscriber = _redis.GetSubscriber();
        try
        {
            // A queue, not a handler: StackExchange.Redis hands its messages over one at a time, in order.
            var incoming = await subscriber.SubscribeAsync(Channel);
            incoming.OnMessage(Receive);
            _incoming = incoming;
            if (!firstAttempt) _logger.LogInformation("Subscribed to {Channel}: call changes of other instances reach this one's pages again.", ChannelName);
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (firstAttempt)
                _logger.LogWarning(e, "Redis is away: pages here do not show other instances' call changes live until it is back. Trying to subscribe to {Channel} every {Seconds} s.",
                    ChannelName, SubscribeRetry.TotalSeconds);
            // A failed attempt may stay registered with the connection, a queue that nobody reads: gone before the next one.
            try { await subscriber.UnsubscribeAsync(Channel); }
            catch (Exception again) when (again is RedisException or TimeoutException) { }
            return false;
        }
    }

    private void Receive(ChannelMessage message)
    {
        try
        {
            var batch = JsonSerializer.Deserialize<FeedMessage>((string)message.Message!, AppJson.Api);
            if (batch is null || batch.Origin == InstanceId || batch.Changes.Count == 0) return;
            _everything.Publish(batch.Changes);
        }
        catch (JsonException e)
        {
            _logger.LogWarning(e, "A message on {Channel} was not a call feed batch; it was skipped.", ChannelName);
        }
    }

    private async Task PumpAsync()
    {
        var subscriber = _redis.GetSubscriber();
        await foreach (var changes in _outbox.Reader.ReadAllAsync())
        {
            try
            {
                var message = JsonSerializer.Serialize(new FeedMessage(InstanceId, changes), AppJson.Api);
                await subscriber.PublishAsync(Channel, message);
            }
            catch (Exception e)
            {
                // The pump is the only publisher, so it outlives any failure. This instance's own pages and hub clients have the batch; only the other instances miss it.
                _logger.LogWarning(e, "Publishing {Count} call changes to Redis failed; other instances do not show them live.", changes.Count);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _outbox.Writer.TryComplete();
        await Task.WhenAll(_subscribing, _pump).WaitAsync(cancellationToken);
        if (_incoming is not null) await _incoming.UnsubscribeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _outbox.Writer.TryComplete();
        await Task.WhenAll(_subscribing, _pump);
    }

    private sealed record FeedMessage(string Origin, IReadOnlyList<CallChanged> Changes);
}
