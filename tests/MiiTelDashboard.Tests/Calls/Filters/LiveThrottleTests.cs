using Microsoft.Extensions.Time.Testing;
using MiiTelDashboard.Calls.Filters;

namespace MiiTelDashboard.Tests.Calls.Filters;

public sealed class LiveThrottleTests
{
    [Fact]
    public async Task RequestsWhileOneIsPending_ShouldRideAlong_AndALaterRequestShouldRunAgain()
    {
        var throttle = new LiveThrottle(TimeProvider.System, TimeSpan.FromMilliseconds(300));
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        var fourth = new TaskCompletionSource();
        var thirdRan = false;

        throttle.Request(() => { first.SetResult(); return Task.CompletedTask; });
        await first.Task.WaitAsync(TimeSpan.FromSeconds(5)); // a lone change is applied at once

        throttle.Request(() => { second.SetResult(); return Task.CompletedTask; });
        throttle.Request(() => { thirdRan = true; return Task.CompletedTask; }); // pending already: rides along
        await second.Task.WaitAsync(TimeSpan.FromSeconds(5));

        throttle.Request(() => { fourth.SetResult(); return Task.CompletedTask; });
        await fourth.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(thirdRan);
    }

    [Fact]
    public void ASustainedBurst_DoublesTheInterval_UpToTheMax_AndACalmSpellResetsIt()
    {
        var time = new FakeTimeProvider();
        var step = TimeSpan.FromMilliseconds(400);
        var throttle = new LiveThrottle(time, step, TimeSpan.FromMilliseconds(1600));
        var applied = 0;
        Task Apply() { applied++; return Task.CompletedTask; }

        throttle.Request(Apply);
        Assert.Equal(1, applied); // the first call of a burst shows at once
        Assert.Equal(step, throttle.CurrentInterval);

        // 50 calls while the next apply waits: a burst, so the one after waits twice as long.
        throttle.Request(Apply, 50);
        time.Advance(step - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, applied);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, applied);
        Assert.Equal(step * 2, throttle.CurrentInterval);

        throttle.Request(Apply, 50);
        time.Advance(step);
        Assert.Equal(2, applied);
        time.Advance(step);
        Assert.Equal(3, applied);
        Assert.Equal(step * 4, throttle.CurrentInterval);

        throttle.Request(Apply, 50);
        time.Advance(step * 4);
        Assert.Equal(4, applied);
        Assert.Equal(step * 4, throttle.CurrentInterval); // capped at the max

        // The burst thins out to a few calls: back to the base interval after the next apply.
        throttle.Request(Apply, 2);
        time.Advance(step * 4);
        Assert.Equal(5, applied);
        Assert.Equal(step, throttle.CurrentInterval);

        // After a quiet spell a lone call is applied at once again.
        time.Advance(TimeSpan.FromSeconds(10));
        throttle.Request(Apply);
        Assert.Equal(6, applied);
    }
}
