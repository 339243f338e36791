using Bunit;
using MiiTelDashboard.Analytics;
using MiiTelDashboard.Components;
using MiiTelDashboard.Analytics.Pages;
using MiiTelDashboard.Tests.Components;

namespace MiiTelDashboard.Tests.Analytics;

public sealed class KpiCardTests : BunitContext
{
    private static readonly Formats Fmt = new(BrowserContext.Resolve("Asia/Tokyo", "en-US"));

    public KpiCardTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServicesForTests();
    }

    [Fact]
    public void ANullMetric_RendersADash_AndNoArrow()
    {
        var now = Metrics.None with { Calls = 4 };
        var kpi = KpiCards.Build(now, Metrics.None, Fmt).Single(k => k.Key == "score");

        var cut = Render<KpiCard>(p => p.Add(c => c.Kpi, kpi).Add(c => c.PreviousDays, 30));

        Assert.Equal("—", cut.Find("[data-testid=kpi-value]").TextContent);
        Assert.Equal("—", cut.Find("[data-testid=kpi-delta]").TextContent);
        Assert.Empty(cut.FindAll(".mud-icon-root"));
    }

    [Fact]
    public void ABetterValue_IsGreenWithAnArrowUp()
    {
        var kpi = KpiCards.Build(Metrics.None with { Calls = 10, Connected = 8 }, Metrics.None with { Calls = 10, Connected = 5 }, Fmt).Single(k => k.Key == "connected");

        var cut = Render<KpiCard>(p => p.Add(c => c.Kpi, kpi).Add(c => c.PreviousDays, 30));

        Assert.Equal("8", cut.Find("[data-testid=kpi-value]").TextContent);
        Assert.Equal("+60.0%", cut.Find("[data-testid=kpi-delta]").TextContent);
        Assert.Contains("good", cut.Find(".kpi-delta").ClassList);
    }

    [Theory]
    [InlineData(1, "vs. the previous day")]
    [InlineData(2, "vs. the previous 2 days")]
    public void TheComparisonsTitle_CountsTheDays_InTheSingularForOne(int days, string title)
    {
        var kpi = KpiCards.Build(Metrics.None with { Calls = 10, Connected = 8 }, Metrics.None with { Calls = 10, Connected = 5 }, Fmt).Single(k => k.Key == "connected");

        var cut = Render<KpiCard>(p => p.Add(c => c.Kpi, kpi).Add(c => c.PreviousDays, days));

        Assert.Equal(title, cut.Find(".kpi-delta").GetAttribute("title"));
    }

    [Fact]
    public void WithoutAPreviousPeriod_AllTime_ShowsTheValue_AndNoComparison()
    {
        var kpi = KpiCards.Build(Metrics.None with { Calls = 10, Connected = 8 }, before: null, Fmt).Single(k => k.Key == "connected");

        var cut = Render<KpiCard>(p => p.Add(c => c.Kpi, kpi));

        Assert.Equal("8", cut.Find("[data-testid=kpi-value]").TextContent);
        Assert.Empty(cut.FindAll(".kpi-delta"));
        Assert.Equal("80.0% of calls", cut.FindAll(".dash-muted")[^1].TextContent);
    }
}
