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
/// its pages live (they show it on their next load).
/// </summary>
public sealed class RedisCallFeed : ICallFeed, IHostedService, IAsyncDisposable
{
    public const string ChannelName = "miitel:calls";
    public const int OutboxSize = 256;

    private static readonly RedisChannel Channel = RedisChannel.Literal(ChannelName);

    private readonly IConnectionMultiplexer _redis;
    private readonly InProcessCallFeed _everything;
    private readonly InProcessCallFeed _own;
    private readonly ILogger<RedisCallFeed> _logger;
    private readonly Channel<IReadOnlyList<CallChanged>> _outbox;
    private ChannelMessageQueue? _incoming;
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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A queue, not a handler: StackExchange.Redis hands its messages over one at a time, in order.
        _incoming = await _redis.GetSubscriber().SubscribeAsync(Channel);
        _incoming.OnMessage(Receive);
        _pump = Task.Run(PumpAsync, CancellationToken.None);
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
        _outbox.Writer.TryComplete();
        await _pump.WaitAsync(cancellationToken);
        if (_incoming is not null) await _incoming.UnsubscribeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        await _pump;
    }

    private sealed record FeedMessage(string Origin, IReadOnlyList<CallChanged> Changes);
}
