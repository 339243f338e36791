using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Live;
using MiiTelDashboard.ScaleOut;
using MiiTelDashboard.Tests.Infrastructure;
using StackExchange.Redis;

namespace MiiTelDashboard.Tests.ScaleOut;

/// <summary>Two feeds, as two instances would hold them, on one real redis-server.</summary>
public sealed class RedisCallFeedTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _disposables = [];

    private static CallChanged Change(string id) => new()
    {
        DetailId = id, CallId = id, IsNew = true, StartedAt = AppFactory.Now, Outcome = "connected",
        CircuitNumber = "0501234", OperatorName = "田中", DurationSeconds = 42, Score = 61.5, Tags = ["商談", "Left Message"],
    };

    private async Task<RedisCallFeed> FeedAsync(string? connectionString = null)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(connectionString ?? redis.ConnectionString);
        var feed = new RedisCallFeed(connection, new InProcessCallFeed(NullLogger<InProcessCallFeed>.Instance), NullLoggerFactory.Instance);
        await feed.StartAsync(CancellationToken.None);
        _disposables.Add(feed);
        _disposables.Add(connection);
        return feed;
    }

    private static ConcurrentQueue<CallChanged> Collect(ICallFeed feed)
    {
        var received = new ConcurrentQueue<CallChanged>();
        feed.Subscribe(batch =>
        {
            foreach (var c in batch) received.Enqueue(c);
            return Task.CompletedTask;
        });
        return received;
    }

    [Fact]
    public async Task ABatchStoredOnA_ShouldReachBsSubscribers_WholeAndOnce_AndAsOwnSubscribersOnlyOnce()
    {
        var a = await FeedAsync();
        var b = await FeedAsync();
        var onA = Collect(a);
        var onB = Collect(b);
        var ownA = Collect(a.Own);
        var ownB = Collect(b.Own);

        a.Publish([Change("first"), Change("second")]);
        await Wait.UntilAsync(() => onB.Count == 2, because: "B's subscriber gets A's batch through Redis");

        // B publishes only once it has A's batch, so Redis carries A's own echo (if it were taken) to A before this marker.
        b.Publish([Change("marker")]);
        await Wait.UntilAsync(() => onA.Any(c => c.DetailId == "marker"), because: "A gets B's batch through Redis");

        Assert.Equal(["first", "second", "marker"], onA.Select(c => c.DetailId));
        Assert.Equal(["first", "second", "marker"], onB.Select(c => c.DetailId));
        var received = onB.First();
        Assert.Equal("田中", received.OperatorName);
        Assert.Equal(["商談", "Left Message"], received.Tags);
        Assert.Equal(AppFactory.Now, received.StartedAt);
        Assert.Equal(DateTimeKind.Utc, received.StartedAt.Kind);
        Assert.Equal(61.5, received.Score);
        // What the hub relays: only each instance's own changes (SignalR's backplane carries them to the others).
        Assert.Equal(["first", "second"], ownA.Select(c => c.DetailId));
        Assert.Equal(["marker"], ownB.Select(c => c.DetailId));
    }

    [Fact]
    public async Task AForeignMessageOnTheChannel_ShouldBeSkipped_AndTheFeedGoOn()
    {
        var a = await FeedAsync();
        var b = await FeedAsync();
        var onB = Collect(b);
        var intruder = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        _disposables.Add(intruder);

        await intruder.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisCallFeed.ChannelName), "not json {");
        a.Publish([Change("after-garbage")]);

        await Wait.UntilAsync(() => onB.Any(c => c.DetailId == "after-garbage"), because: "the feed survives a message it cannot read");
        Assert.Single(onB);
    }

    [Fact]
    public async Task WithRedisGone_StoredBatches_ShouldStillReachThisInstancesSubscribers()
    {
        var own = new RedisServer();
        await own.InitializeAsync();
        var connection = await ConnectionMultiplexer.ConnectAsync(own.ConnectionString + ",abortConnect=false");
        _disposables.Add(connection);
        var feed = new RedisCallFeed(connection, new InProcessCallFeed(NullLogger<InProcessCallFeed>.Instance), NullLoggerFactory.Instance);
        await feed.StartAsync(CancellationToken.None);
        _disposables.Add(feed);
        var onFeed = Collect(feed);
        await own.DisposeAsync(); // the server is killed: publishing to Redis fails from now on

        feed.Publish([Change("while-away-1")]);
        feed.Publish([Change("while-away-2")]);

        await Wait.UntilAsync(() => onFeed.Count == 2, because: "local subscribers never wait on Redis");
        Assert.Equal(["while-away-1", "while-away-2"], onFeed.Select(c => c.DetailId));
    }

    [Fact]
    public async Task AFeedStartedWhileRedisIsAway_ShouldStartAtOnce_AndSubscribeOnceRedisIsThere()
    {
        var later = RedisServer.NotYetStarted();
        _disposables.Add(new Stops(later));
        var connection = await ConnectionMultiplexer.ConnectAsync(later.ConnectionString + ",abortConnect=false");
        _disposables.Add(connection);
        var logs = new ConcurrentQueue<string>();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new ListLoggerProvider(logs)));
        var feed = new RedisCallFeed(connection, new InProcessCallFeed(NullLogger<InProcessCallFeed>.Instance), loggers);
        _disposables.Add(feed);
        await feed.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        var onFeed = Collect(feed);
        // Its first attempt has given up (the connection's backlog would otherwise carry it over Redis's start).
        await Wait.UntilAsync(() => logs.Any(l => l.Contains("Redis is away", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the first subscription attempt fails");

        await later.InitializeAsync();
        var other = await FeedAsync(later.ConnectionString);
        // Pub/sub keeps nothing for a subscriber yet to come: publish once both are subscribed.
        await using var observer = await ConnectionMultiplexer.ConnectAsync(later.ConnectionString);
        var server = observer.GetServer(observer.GetEndPoints()[0]);
        await Wait.UntilAsync(async () => await server.SubscriptionSubscriberCountAsync(RedisChannel.Literal(RedisCallFeed.ChannelName)) == 2,
            TimeSpan.FromSeconds(30), "the feed started without Redis subscribes once it is there");
        other.Publish([Change("after-redis-came")]);

        await Wait.UntilAsync(() => onFeed.Any(c => c.DetailId == "after-redis-came"), because: "another instance's batch reaches the late subscriber");
        Assert.Single(onFeed);
    }

    /// <summary>Stops a server the test started itself, with the test's other disposables.</summary>
    private sealed class Stops(RedisServer server) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await server.DisposeAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var d in _disposables) await d.DisposeAsync();
    }
}
