using MiiTelDashboard.Calls;
using Microsoft.Extensions.Logging.Abstractions;
using MiiTelDashboard.Live;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Live;

public sealed class InProcessCallFeedTests
{
    private static CallChanged Change(string id) => new()
    {
        DetailId = id, CallId = id, IsNew = true, StartedAt = AppFactory.Now, Outcome = "connected",
        CircuitNumber = "c", OperatorName = "u", DurationSeconds = 10, Score = 50,
    };

    [Fact]
    public async Task AStuckSubscriber_ShouldNotDelayOthers_AndOnlyLoseItsOwnOldestBatches()
    {
        var feed = new InProcessCallFeed(NullLogger<InProcessCallFeed>.Instance);
        var release = new TaskCompletionSource();
        var fastGot = new SemaphoreSlim(0);
        var fastReceived = new List<string>();
        var stuckStarted = new TaskCompletionSource();
        using var stuck = feed.Subscribe(async _ => { stuckStarted.TrySetResult(); await release.Task; });
        using var fast = feed.Subscribe(batch =>
        {
            fastReceived.AddRange(batch.Select(c => c.DetailId));
            fastGot.Release();
            return Task.CompletedTask;
        });

        const int total = InProcessCallFeed.BufferSize * 3;
        for (var i = 0; i < total; i++)
        {
            feed.Publish([Change("c" + i)]);
            Assert.True(await fastGot.WaitAsync(TimeSpan.FromSeconds(10)), $"the fast subscriber got change {i} while the other was stuck");
            if (i == 0) await stuckStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(total, fastReceived.Count);
        // The stuck subscriber holds one batch and buffers BufferSize more; the rest were dropped, oldest first, and counted.
        Assert.Equal(total - 1 - InProcessCallFeed.BufferSize, feed.Dropped);
        release.SetResult();
    }

    [Fact]
    public async Task AFailingSubscriber_ShouldStaySubscribed_AndNotAffectOthers()
    {
        var feed = new InProcessCallFeed(NullLogger<InProcessCallFeed>.Instance);
        var failingCalls = 0;
        var otherReceived = 0;
        using var failing = feed.Subscribe(_ => { Interlocked.Increment(ref failingCalls); throw new InvalidOperationException("boom"); });
        using var other = feed.Subscribe(b => { Interlocked.Add(ref otherReceived, b.Count); return Task.CompletedTask; });

        feed.Publish([Change("a")]);
        feed.Publish([Change("b")]);

        await Wait.UntilAsync(() => Volatile.Read(ref failingCalls) == 2 && Volatile.Read(ref otherReceived) == 2);
    }

    [Fact]
    public async Task DisposedSubscription_ShouldReceiveNothingMore()
    {
        var feed = new InProcessCallFeed(NullLogger<InProcessCallFeed>.Instance);
        var received = new List<string>();
        var sub = feed.Subscribe(b => { lock (received) received.AddRange(b.Select(c => c.DetailId)); return Task.CompletedTask; });
        var marker = 0;
        using var witness = feed.Subscribe(b => { Interlocked.Add(ref marker, b.Count); return Task.CompletedTask; });

        feed.Publish([Change("before")]);
        await Wait.UntilAsync(() => { lock (received) return received.Count == 1; });
        sub.Dispose();
        feed.Publish([Change("after")]);
        await Wait.UntilAsync(() => Volatile.Read(ref marker) == 2, because: "the witness saw the second publish");

        lock (received) Assert.Equal(["before"], received);
        Assert.Equal(1, feed.SubscriberCount);
    }
}
