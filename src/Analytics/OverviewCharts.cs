using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Charts;

using MiiTelDashboard.Components.Catalog;
using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Analytics;

/// <summary>Trend data → chart specifications. Pure, so the pages stay declarative and the mapping is testable.</summary>
public static class OverviewCharts
{
    public static IReadOnlyList<string> DayLabels(TrendData d, Formats f) => d.Days.Select(x => f.ShortDate(x.Day)).ToArray();

    public static ChartSpec CallsByOutcome(TrendData d, Formats f) => new()
    {
        Kind = ChartKind.Bar,
        Stacked = true,
        Categories = DayLabels(d, f),
        Series =
        [
            ChartSeries.Of(OutcomeLabels.Label(Outcomes.Connected), d.Days.Select(x => (double?)x.Metrics.Connected)),
            ChartSeries.Of(OutcomeLabels.Label(Outcomes.Missed), d.Days.Select(x => (double?)x.Metrics.Missed)),
            ChartSeries.Of(OutcomeLabels.Label(Outcomes.Unanswered), d.Days.Select(x => (double?)x.Metrics.Unanswered)),
        ],
        Colors = [DashboardTheme.Connected, DashboardTheme.Missed, DashboardTheme.Unanswered],
    };

    public static ChartSpec TalkRatio(TrendData d, Formats f) => new()
    {
        Kind = ChartKind.Line,
        Categories = DayLabels(d, f),
        Series = [ChartSeries.Of(MetricCatalog.TalkRatio.ColumnLabel, d.Days.Select(x => x.Metrics.AverageTalkRatio))],
        Colors = [DashboardTheme.Operator],
        Format = ValueFormat.Percent,
        YMin = 0,
        YMax = 1,
        Bands = [new ChartBand(TalkRatioBenchmark.Low, TalkRatioBenchmark.High, Words.Get("Chart.Benchmark"), DashboardTheme.Benchmark)],
        Legend = false,
    };

    public static ChartSpec OverlapsAndSilences(TrendData d, Formats f) => DailyPair(d, f, ChartKind.Line,
        (MetricCatalog.Overlaps.Label, m => m.OverlapsPerCall, DashboardTheme.Missed),
        (MetricCatalog.Silences.Label, m => m.SilencesPerCall, DashboardTheme.Unanswered));

    public static ChartSpec Emotion(TrendData d, Formats f) => DailyPair(d, f, ChartKind.Area,
        (MetricCatalog.Positive.ColumnLabel, m => m.AveragePositive, DashboardTheme.Positive),
        (MetricCatalog.Negative.ColumnLabel, m => m.AverageNegative, DashboardTheme.Negative));

    /// <summary>Two small per-day averages on one axis from zero (they share a scale, e.g. events per call, scores 0–1).</summary>
    private static ChartSpec DailyPair(TrendData d, Formats f, ChartKind kind,
        (string Name, Func<Metrics, double?> Value, string Color) first, (string Name, Func<Metrics, double?> Value, string Color) second) => new()
    {
        Kind = kind,
        Categories = DayLabels(d, f),
        Series =
        [
            ChartSeries.Of(first.Name, d.Days.Select(x => first.Value(x.Metrics))),
            ChartSeries.Of(second.Name, d.Days.Select(x => second.Value(x.Metrics))),
        ],
        Colors = [first.Color, second.Color],
        Format = ValueFormat.Decimal,
        YMin = 0,
    };

    public static ChartSpec TalkRatioDistribution(TrendData d, Formats f)
    {
        const double width = 1.0 / TrendData.BucketCount;
        return new ChartSpec
        {
            Kind = ChartKind.Bar,
            // Bars inside the benchmark band stand out in its colour.
            Series =
            [
                new ChartSeries(MetricCatalog.Calls.ColumnLabel, d.TalkRatioBuckets.Select((count, i) => new ChartPoint(f.Percent(i * width, 0), count)
                {
                    FillColor = i * width >= TalkRatioBenchmark.Low - 1e-9 && i * width < TalkRatioBenchmark.High ? DashboardTheme.Benchmark : null,
                }).ToArray()),
            ],
            Colors = [DashboardTheme.Operator],
            Legend = false,
        };
    }

    /// <summary>Rows are weekdays starting Monday (a working week reads top-down), columns hours 0–23.</summary>
    public static ChartSpec HourByWeekday(TrendData d, Formats f)
    {
        var names = f.WeekdayNames;
        int[] order = [1, 2, 3, 4, 5, 6, 0];
        // apexcharts draws the first series at the bottom, so the list is reversed.
        var series = order.Reverse().Select(w => new ChartSeries(names[w],
            Enumerable.Range(0, 24).Select(h => new ChartPoint(h.ToString(f.Browser.Culture), d.HourOfWeek[w * 24 + h])).ToArray())).ToArray();
        return new ChartSpec
        {
            Kind = ChartKind.Heatmap,
            Series = series,
            Colors = [DashboardTheme.Operator],
            Legend = false,
        };
    }
}
