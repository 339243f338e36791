using MiiTelDashboard.Components.Catalog;
using MiiTelDashboard.Analytics;
using MiiTelDashboard.Components;

namespace MiiTelDashboard.Tests.Analytics;

public sealed class MetricMathTests
{
    private static readonly Formats Fmt = new(BrowserContext.Resolve("UTC", "en-US"));

    [Theory]
    [InlineData(100, 80, Polarity.HigherIsBetter, DeltaTone.Good, 1)]
    [InlineData(100, 80, Polarity.LowerIsBetter, DeltaTone.Bad, 1)]
    [InlineData(80, 100, Polarity.LowerIsBetter, DeltaTone.Good, -1)]
    [InlineData(100, 80, Polarity.Neutral, DeltaTone.Neutral, 1)]
    [InlineData(100.2, 100, Polarity.HigherIsBetter, DeltaTone.Neutral, 0)]
    public void Deltas_KnowWhichWayIsGood(double now, double before, Polarity polarity, DeltaTone tone, int direction)
    {
        var d = KpiDelta.Of(now, before, polarity);

        Assert.Equal(tone, d.Tone);
        Assert.Equal(direction, d.Direction);
        Assert.Equal(now - before, d.Absolute!.Value, 9);
    }

    [Fact]
    public void ADeltaFromZero_HasNoPercentage()
    {
        var d = KpiDelta.Of(5, 0, Polarity.Neutral);

        Assert.Null(d.Relative);
        Assert.Equal("+5", KpiCards.DeltaText(d, DeltaStyle.Relative, Fmt));
    }

    [Fact]
    public void AChangeTooSmallToShow_ReadsAsNone_NotMinusZero()
    {
        Assert.Equal("±0", KpiCards.DeltaText(KpiDelta.Of(0.2801, 0.2833, Polarity.LowerIsBetter), DeltaStyle.Absolute, Fmt));
    }

    [Fact]
    public void ADeltaWithoutAPreviousValue_IsADash()
    {
        Assert.Equal("—", KpiCards.DeltaText(KpiDelta.Of(5, null, Polarity.Neutral), DeltaStyle.Relative, Fmt));
    }

    [Theory]
    [InlineData(0.50, 0.45, DeltaTone.Bad)]   // moving away from the band
    [InlineData(0.45, 0.50, DeltaTone.Good)]  // moving towards it
    [InlineData(0.41, 0.42, DeltaTone.Neutral)] // inside both times
    [InlineData(0.42, 0.30, DeltaTone.Good)]
    public void TalkRatio_IsBetterCloserToTheBenchmarkBand(double now, double before, DeltaTone tone)
    {
        Assert.Equal(tone, KpiDelta.Of(now, before, Polarity.CloserToBandIsBetter).Tone);
    }

    [Fact]
    public void TalkRatioDeltas_ReadInPercentagePoints()
    {
        Assert.Equal("−2.5 pt", KpiCards.DeltaText(KpiDelta.Of(0.40, 0.425, Polarity.CloserToBandIsBetter), DeltaStyle.PercentagePoints, Fmt));
    }

    [Theory]
    [InlineData(0.39, BandPosition.Below)]
    [InlineData(0.40, BandPosition.Within)]
    [InlineData(0.43, BandPosition.Within)]
    [InlineData(0.5575, BandPosition.Above)]
    public void TheBenchmarkBand_Is40To43Percent(double tlr, BandPosition position)
    {
        Assert.Equal(position, TalkRatioBenchmark.Assess(tlr));
        Assert.Equal(BandPosition.Unknown, TalkRatioBenchmark.Assess(null));
    }

    [Fact]
    public void TheScore_IsExplainedByMiiTelsPublishedFormula()
    {
        // The sample call: 53 s, talk ratio 55.75%, no overlaps, one silence; MiiTel scored it 29.68.
        var e = ScoreExplanation.For(53, 0.5575, 0, 1);

        Assert.Equal(0, e.DurationPoints);
        Assert.Equal(-15.75, e.TalkRatioPoints!.Value, 6);
        Assert.Equal(0, e.OverlapPoints!.Value, 6);
        Assert.Equal(-11.32, e.SilencePoints!.Value, 2);
        Assert.Equal(22.93, e.Estimate, 2);
    }

    [Theory]
    [InlineData(4 * 60, 0)]
    [InlineData(5 * 60, 30)]
    [InlineData(15 * 60, 50)]
    [InlineData(35 * 60, 30)]
    [InlineData(45 * 60, 0)]
    [InlineData(55 * 60, -10)]
    [InlineData(90 * 60, -20)]
    public void DurationPoints_FollowMiiTelsTable(double seconds, double points)
    {
        Assert.Equal(points, ScoreExplanation.PointsForDuration(seconds));
    }

    [Fact]
    public void Metrics_CombineGroupsExactly_NotAsAnAverageOfAverages()
    {
        var a = new MetricRow<int> { Key = 1, Calls = 1, Connected = 1, TlrSum = 0.2, TlrCount = 1, DurationSum = 100 };
        var b = new MetricRow<int> { Key = 2, Calls = 3, Connected = 3, TlrSum = 1.8, TlrCount = 3, DurationSum = 500 };

        var m = Metrics.From([a, b]);

        Assert.Equal(0.5, m.AverageTalkRatio!.Value, 9);
        Assert.Equal(150, m.AverageDuration!.Value, 9);
        Assert.Null(m.AverageScore);
    }

    [Fact]
    public void Rankings_SortNullsLast_InBothDirections()
    {
        RankedRow Row(string name, double? tlr) => new(name, name, Metrics.None with { AverageTalkRatio = tlr });
        RankedRow[] rows = [Row("a", 0.5), Row("b", null), Row("c", 0.3)];

        Assert.Equal(["a", "c", "b"], RankingColumns.Sort(rows, "talkRatio", descending: true).Select(r => r.Key));
        Assert.Equal(["c", "a", "b"], RankingColumns.Sort(rows, "talkRatio", descending: false).Select(r => r.Key));
        Assert.Equal("calls", RankingColumns.Find("nonsense").Key);
    }

    [Fact]
    public void ZoneShift_MovesTheOffsetAtTheDaylightSavingInstant()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var shift = ZoneShift.For(newYork, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 31, 0, 0, 0, DateTimeKind.Utc));
        // 2026-03-08 07:00 UTC = 03:00 EDT (clocks jumped at 02:00 EST = 07:00 UTC).
        var change = new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

        Assert.Equal(2, shift.Segments.Count);
        Assert.Equal(change, shift.Segments[1].FromEpoch);
        Assert.Equal(change - 5 * 3600 - 1, shift.ToLocal(change - 1));
        Assert.Equal(change - 4 * 3600, shift.ToLocal(change));
    }
}
