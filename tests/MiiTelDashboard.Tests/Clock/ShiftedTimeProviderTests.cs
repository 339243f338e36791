using Microsoft.Extensions.Time.Testing;
using MiiTelDashboard.Clock;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Clock;

public sealed class ShiftedTimeProviderTests
{
    private static readonly DateTimeOffset StartAt = new(2026, 3, 14, 15, 5, 0, TimeSpan.Zero);

    [Fact]
    public void Now_StartsAtTheGivenInstant_AndAdvancesAsTheRealClockDoes()
    {
        var real = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        var clock = new ShiftedTimeProvider(StartAt, real);

        Assert.Equal(StartAt, clock.GetUtcNow());
        real.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(StartAt.AddMinutes(5), clock.GetUtcNow());
    }

    [Fact]
    public void AnInstantWithAnOffset_StartsAtThatMomentInUtc()
    {
        var clock = new ShiftedTimeProvider(new DateTimeOffset(2026, 3, 15, 0, 5, 0, TimeSpan.FromHours(9)), new FakeTimeProvider());

        Assert.Equal(StartAt, clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
    }

    [Fact]
    public async Task TimestampsAndTimers_AreTheRealClocks_SoDelaysKeepTheirLength()
    {
        var real = new FakeTimeProvider();
        var clock = new ShiftedTimeProvider(StartAt, real);
        var before = clock.GetTimestamp();

        var delay = Task.Delay(TimeSpan.FromSeconds(2), clock);
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.False(delay.IsCompleted);
        real.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetElapsedTime(before));
        Assert.Equal(real.TimestampFrequency, clock.TimestampFrequency);
    }

    [Fact]
    public async Task OnTheSystemClock_NowRunsInRealTimeFromTheStart()
    {
        var clock = new ShiftedTimeProvider(StartAt);

        var first = clock.GetUtcNow();
        Assert.InRange(first, StartAt, StartAt.AddMinutes(1));
        await Wait.UntilAsync(() => clock.GetUtcNow() > first, TimeSpan.FromSeconds(5), "the shifted clock moves on");
    }
}
