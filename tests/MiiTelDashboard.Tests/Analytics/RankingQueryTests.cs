using MiiTelDashboard.Data;
using MiiTelDashboard.Components;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Analytics;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Analytics;

public abstract class RankingQueryTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly BrowserInfo Tokyo = BrowserContext.Resolve("Asia/Tokyo", "ja-JP");
    private readonly AppFactory _app = AppFactory.For(provider);

    public async Task InitializeAsync()
    {
        var t = new DateTime(2026, 11, 20, 3, 0, 0, DateTimeKind.Utc);
        await SeedCall.PostAsync(_app,
            new SeedCall(t) { User = "Edgardo", Tlr = 0.30, Score = 70 },
            new SeedCall(t.AddHours(1)) { User = "Edgardo", Tlr = 0.50, Score = 50 },
            new SeedCall(t) { User = "Aiko", Circuit = "0120000002", CircuitName = "Inside Sales", Tlr = 0.70, Score = 30 },
            new SeedCall(t) { User = "Aiko", Circuit = "0120000002", CircuitName = "Inside Sales", Answered = false, CallType = "INCOMING_CALL" },
            // Outside the period: must not count.
            new SeedCall(t.AddDays(-60)) { User = "Aiko", Tlr = 0.10 });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<Ranking> Query(RankBy by, PageFilter filter) =>
        _app.Services.GetRequiredService<RankingQuery>().GetAsync(CallAccess.Everything, by, filter, Tokyo, Today);

    [Fact]
    public async Task Users_GetTheirOwnMetrics_AndTheTeamAverageCoversEveryCall()
    {
        var ranking = await Query(RankBy.User, new PageFilter());

        var edgardo = ranking.Rows.Single(r => r.Key == "Edgardo").Metrics;
        var aiko = ranking.Rows.Single(r => r.Key == "Aiko").Metrics;
        Assert.Equal(2, edgardo.Calls);
        Assert.Equal(0.40, edgardo.AverageTalkRatio!.Value, 6);
        Assert.Equal(2, aiko.Calls);
        Assert.Equal(1, aiko.Missed);
        Assert.Equal(0.70, aiko.AverageTalkRatio!.Value, 6);
        Assert.Equal(4, ranking.Team.Calls);
        Assert.Equal(0.50, ranking.Team.AverageTalkRatio!.Value, 6);
        Assert.Equal(50, ranking.Team.AverageScore!.Value, 6);
    }

    [Fact]
    public async Task Circuits_AreLabelledByName_AndFollowTheUserFilter()
    {
        var all = await Query(RankBy.Circuit, new PageFilter());
        var edgardoOnly = await Query(RankBy.Circuit, new PageFilter { User = "Edgardo" });

        Assert.Equal("Inside Sales (0120000002)", all.Rows.Single(r => r.Key == "0120000002").Label);
        Assert.Equal(2, all.Rows.Count);
        var only = Assert.Single(edgardoOnly.Rows);
        Assert.Equal("0120000001", only.Key);
    }

    public sealed class OnSqlite() : RankingQueryTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : RankingQueryTests(DatabaseProvider.PostgreSQL);
}
