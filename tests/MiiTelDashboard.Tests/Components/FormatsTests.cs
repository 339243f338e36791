using MiiTelDashboard.Analytics;
using MiiTelDashboard.Components;

namespace MiiTelDashboard.Tests.Components;

public sealed class FormatsTests
{
    private static readonly Formats Japanese = new(BrowserContext.Resolve("Asia/Tokyo", "ja-JP"));
    private static readonly Formats German = new(BrowserContext.Resolve("Europe/Berlin", "de-DE"));

    [Fact]
    public void MissingValues_ShowAsADash_NeverAsZero()
    {
        Assert.Equal("—", Japanese.Number(null));
        Assert.Equal("—", Japanese.Percent(null));
        Assert.Equal("—", Japanese.Duration(null));
        Assert.Equal("—", Japanese.Count(null));
        Assert.Equal("0.0", Japanese.Number(0));
    }

    [Fact]
    public void Numbers_UseTheBrowsersCulture()
    {
        Assert.Equal("1,234.5", Japanese.Number(1234.5));
        Assert.Equal("1.234,5", German.Number(1234.5));
        Assert.Equal("42,5%", German.Percent(0.425));
    }

    [Fact]
    public void Times_AreShownInTheBrowsersZone()
    {
        var utc = new DateTime(2026, 11, 20, 16, 30, 0, DateTimeKind.Utc);

        Assert.Equal("2026/11/21 1:30", Japanese.DateTime(utc));
        Assert.Equal("20.11.2026 17:30", German.DateTime(utc));
    }

    [Fact]
    public void Durations_ReadAsMinutesAndSeconds()
    {
        Assert.Equal("5:07", Japanese.Duration(307));
        Assert.Equal("1:01:05", Japanese.Duration(3665));
    }

    [Fact]
    public void KpiCards_ShowADash_WhenAPeriodHasNoValue()
    {
        var cards = KpiCards.Build(Metrics.None, Metrics.None, Japanese);

        var talk = cards.Single(c => c.Key == "talkRatio");
        Assert.Equal("—", talk.Value);
        Assert.Equal("—", talk.DeltaText);
        Assert.Equal("0", cards.Single(c => c.Key == "calls").Value);
    }

    [Fact]
    public void UnknownZonesAndCultures_FallBackToUtc()
    {
        var info = BrowserContext.Resolve("Mars/Olympus", "xx-NOPE-zz");

        Assert.Equal(TimeZoneInfo.Utc, info.Zone);
    }
}
