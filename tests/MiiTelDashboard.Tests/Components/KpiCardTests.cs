using Bunit;
using MiiTelDashboard.Analytics;
using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Filters;
using MiiTelDashboard.Components.Shared;

namespace MiiTelDashboard.Tests.Components;

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

        var cut = Render<KpiCard>(p => p.Add(c => c.Kpi, kpi));

        Assert.Equal("—", cut.Find("[data-testid=kpi-value]").TextContent);
        Assert.Equal("—", cut.Find("[data-testid=kpi-delta]").TextContent);
        Assert.Empty(cut.FindAll(".mud-icon-root"));
    }

    [Fact]
    public void ABetterValue_IsGreenWithAnArrowUp()
    {
        var kpi = KpiCards.Build(Metrics.None with { Calls = 10, Connected = 8 }, Metrics.None with { Calls = 10, Connected = 5 }, Fmt).Single(k => k.Key == "connected");

        var cut = Render<KpiCard>(p => p.Add(c => c.Kpi, kpi));

        Assert.Equal("8", cut.Find("[data-testid=kpi-value]").TextContent);
        Assert.Equal("+60.0%", cut.Find("[data-testid=kpi-delta]").TextContent);
        Assert.Contains("good", cut.Find(".kpi-delta").ClassList);
    }
}
