using MiiTelDashboard.Data;
using MiiTelDashboard.Components;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Analytics;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Analytics;

public abstract class OverviewQueryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly BrowserInfo Tokyo = BrowserContext.Resolve("Asia/Tokyo", "ja-JP");
    private readonly AppFactory _app = AppFactory.For(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<TrendData> Query(PageFilter filter) =>
        _app.Services.GetRequiredService<OverviewQuery>().GetAsync(CallAccess.Everything, filter, Tokyo, Today);

    [Fact]
    public async Task Days_AreTheBrowsersLocalDays_NotUtcDays()
    {
        // 2026-11-20 16:30 UTC is 2026-11-21 01:30 in Tokyo.
        await SeedCall.PostAsync(_app, new SeedCall(new DateTime(2026, 11, 20, 16, 30, 0, DateTimeKind.Utc)));

        var data = await Query(new PageFilter { From = new(2026, 11, 19), To = new(2026, 11, 22) });

        Assert.Equal([0L, 0L, 1L, 0L], data.Days.Select(d => d.Metrics.Calls));
        Assert.Equal(new DateOnly(2026, 11, 21), data.Days.Single(d => d.Metrics.Calls == 1).Day);
        // Saturday (6) 01:00 in the hour-of-week grid.
        Assert.Equal(1, data.HourOfWeek[6 * 24 + 1]);
        Assert.Equal(1, data.HourOfWeek.Sum());
    }

    [Fact]
    public async Task AllTime_ChartsFromTheFirstDayWithACall_AShortPeriodEveryDay()
    {
        await SeedCall.PostAsync(_app,
            new SeedCall(new DateTime(2026, 11, 20, 3, 0, 0, DateTimeKind.Utc)),
            new SeedCall(new DateTime(2024, 2, 9, 3, 0, 0, DateTimeKind.Utc)));

        var allTime = await Query(new PageFilter { AllTime = true });
        Assert.Equal(new DateOnly(2024, 2, 9), allTime.From);
        Assert.Equal(new DateOnly(2024, 2, 9), allTime.Days[0].Day);
        Assert.Equal(Today, allTime.Days[^1].Day);
        Assert.Equal(2, allTime.Current.Calls);
        Assert.Null(allTime.Previous); // nothing comes before all time, so no deltas

        var longRange = await Query(new PageFilter { From = new(2000, 1, 1), To = Today });
        Assert.Equal(new DateOnly(2024, 2, 9), longRange.Days[0].Day);
        Assert.Equal(2, longRange.Current.Calls);

        var month = await Query(new PageFilter { From = new(2026, 10, 27), To = Today });
        Assert.Equal(30, month.Days.Count);
        Assert.Equal(new DateOnly(2026, 10, 27), month.Days[0].Day);
    }

    [Fact]
    public async Task Kpis_AverageOnlyTheCallsThatHaveTheValue_AndCompareWithThePreviousPeriod()
    {
        var day = new DateTime(2026, 11, 24, 1, 0, 0, DateTimeKind.Utc);
        await SeedCall.PostAsync(_app,
            new SeedCall(day) { Tlr = 0.40, Score = 50, Overlaps = 1, Silences = 3, TalkSeconds = 100, CustomerPositive = 0.2 },
            new SeedCall(day.AddHours(1)) { Tlr = 0.60, Score = 70, Overlaps = 3, Silences = 1, TalkSeconds = 300, CustomerPositive = 0.4 },
            new SeedCall(day.AddHours(2)) { Answered = false, CallType = "INCOMING_CALL" },
            // The previous 7-day period: one connected call.
            new SeedCall(day.AddDays(-7)) { Tlr = 0.30, Score = 40 });

        var data = await Query(new PageFilter { From = new(2026, 11, 19), To = Today });

        Assert.Equal(3, data.Current.Calls);
        Assert.Equal(2, data.Current.Connected);
        Assert.Equal(1, data.Current.Missed);
        Assert.Equal(0.50, data.Current.AverageTalkRatio!.Value, 6);
        Assert.Equal(60, data.Current.AverageScore!.Value, 6);
        Assert.Equal(2, data.Current.OverlapsPerCall!.Value, 6);
        Assert.Equal(2, data.Current.SilencesPerCall!.Value, 6);
        Assert.Equal(200, data.Current.AverageDuration!.Value, 1);
        Assert.Equal(0.3, data.Current.AveragePositive!.Value, 6);
        Assert.Equal(1, data.Previous!.Calls);
        Assert.Equal(0.30, data.Previous.AverageTalkRatio!.Value, 6);
        Assert.True(data.DatabaseHasCalls);
        Assert.Equal(3, data.Latest.Count);
        Assert.Equal(day.AddHours(2), data.Latest[0].StartedAt);
    }

    [Fact]
    public async Task Filters_NarrowEveryFigure_ToTheUserAndCircuit()
    {
        var t = new DateTime(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);
        await SeedCall.PostAsync(_app,
            new SeedCall(t) { User = "Edgardo", Circuit = "0120000001", Tlr = 0.35 },
            new SeedCall(t) { User = "Aiko", Circuit = "0120000001", Tlr = 0.65 },
            new SeedCall(t) { User = "Aiko", Circuit = "0120000002", Tlr = 0.55 });

        var aiko = await Query(new PageFilter { User = "Aiko" });
        var aikoOnFirst = await Query(new PageFilter { User = "Aiko", Circuit = "0120000001" });

        Assert.Equal(2, aiko.Current.Calls);
        Assert.Equal(0.60, aiko.Current.AverageTalkRatio!.Value, 6);
        Assert.Equal(1, aikoOnFirst.Current.Calls);
        Assert.Equal(0.65, aikoOnFirst.Current.AverageTalkRatio!.Value, 6);
        // 0.65 → bucket 13 (65–70%).
        Assert.Equal(1, aikoOnFirst.TalkRatioBuckets[13]);
    }

    [Fact]
    public async Task AnEmptyDatabase_SaysSo_AndHasNoAverages()
    {
        var data = await Query(new PageFilter());

        Assert.False(data.DatabaseHasCalls);
        Assert.Equal(30, data.Days.Count);
        Assert.Null(data.Current.AverageTalkRatio);
        Assert.Equal(0, data.Current.Calls);
    }

    public sealed class OnSqlite() : OverviewQueryTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : OverviewQueryTests(DatabaseProvider.PostgreSQL);
}
