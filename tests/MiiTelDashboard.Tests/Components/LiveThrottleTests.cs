using MiiTelDashboard.Components.Filters;

namespace MiiTelDashboard.Tests.Components;

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
}
