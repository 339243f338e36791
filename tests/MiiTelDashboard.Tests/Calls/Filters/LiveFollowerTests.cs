using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Data;
using MiiTelDashboard.Live;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Calls.Filters;

/// <summary>The one way pages follow the feed: match, coalesce, hand over on the renderer, stop on dispose.</summary>
public sealed class LiveFollowerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);
    private readonly InProcessCallFeed _feed = new(NullLogger<InProcessCallFeed>.Instance);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 1, 0, 0, TimeSpan.Zero));
    private readonly List<IReadOnlyList<CallChanged>> _batches = [];
    private int _invokes;
    private int _seen;

    private static CallChanged Change(string id, string circuit = "East") => new()
    {
        DetailId = id, IsNew = true, StartedAt = new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc), Outcome = Outcomes.Connected, CircuitName = circuit,
    };

    private LiveFollower Follow(Func<CallChanged, bool>? matches = null) => new(_feed, _time, Interval, Interval * 4,
        c => { Interlocked.Increment(ref _seen); return matches?.Invoke(c) ?? true; },
        work => { Interlocked.Increment(ref _invokes); return work(); },
        batch => { lock (_batches) _batches.Add(batch); return Task.CompletedTask; });

    private int BatchCount { get { lock (_batches) return _batches.Count; } }

    [Fact]
    public async Task ALoneCall_IsHandedOverAtOnce_ThroughTheRenderersInvoke()
    {
        using var follower = Follow();

        _feed.Publish([Change("a")]);

        await Wait.UntilAsync(() => BatchCount == 1);
        Assert.Equal("a", _batches[0].Single().DetailId);
        Assert.Equal(1, _invokes);
    }

    [Fact]
    public async Task CallsOutsideThePage_AreNotHandedOver()
    {
        using var follower = Follow(c => c.CircuitName == "East");

        _feed.Publish([Change("west", "West")]);
        _feed.Publish([Change("east")]);

        await Wait.UntilAsync(() => BatchCount == 1);
        Assert.Equal(["east"], _batches.SelectMany(b => b).Select(c => c.DetailId));
    }

    [Fact]
    public async Task CallsArrivingWithinTheInterval_ComeAsOneBatch_AfterIt()
    {
        using var follower = Follow();
        _feed.Publish([Change("first")]);
        await Wait.UntilAsync(() => BatchCount == 1);

        _feed.Publish([Change("b")]);
        _feed.Publish([Change("c"), Change("d")]);
        await Wait.UntilAsync(() => Volatile.Read(ref _seen) == 4); // the follower has all of them
        Assert.Equal(1, BatchCount); // and holds them until the interval has passed

        _time.Advance(Interval);
        await Wait.UntilAsync(() => BatchCount == 2);
        Assert.Equal(["b", "c", "d"], _batches[1].Select(c => c.DetailId));
    }

    [Fact]
    public async Task AfterDispose_NothingIsHandedOver()
    {
        var follower = Follow();
        _feed.Publish([Change("a")]);
        await Wait.UntilAsync(() => BatchCount == 1);
        _feed.Publish([Change("b")]);

        follower.Dispose();
        _time.Advance(Interval * 2);
        _feed.Publish([Change("c")]);

        using var probe = Follow(); // a later subscriber sees "c", so the feed has delivered it
        _feed.Publish([Change("d")]);
        await Wait.UntilAsync(() => BatchCount == 2);
        Assert.Equal(["d"], _batches[1].Select(c => c.DetailId));
    }
}
