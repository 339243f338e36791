using MiiTelDashboard.Components.Charts;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Calls;

/// <summary>
/// The speaker timeline of one call as an apexcharts rangeBar: a row per speaker with their
/// utterances, a row of silences, a row of overlaps, and keyword markers, on a seconds axis.
/// </summary>
public static class CallTimeline
{
    // Row names are the y-axis labels, in the reader's language.
    public static string OperatorRow => Words.Get("Speaker.Operator");
    public static string CustomerRow => Words.Get("Speaker.Customer");
    public static string SilenceRow => Words.Get("Timeline.Silences");
    public static string OverlapRow => Words.Get("Timeline.Overlaps");
    public static string KeywordRow => Words.Get("Timeline.Keywords");

    // A keyword is an instant; drawn as a short bar so it is visible and hoverable.
    private const double MarkerSeconds = 0.8;

    public static ChartSpec Build(CallDetailView call)
    {
        var series = new List<ChartSeries>
        {
            new(OperatorRow, call.Utterances.Where(u => u.IsOperator && u.StartAt is not null).Select(u => Range(OperatorRow, u.StartAt!.Value, u.EndAt ?? u.StartAt.Value + 1)).ToArray()) { Color = "#3f6ad8" },
            new(CustomerRow, call.Utterances.Where(u => !u.IsOperator && u.StartAt is not null).Select(u => Range(CustomerRow, u.StartAt!.Value, u.EndAt ?? u.StartAt.Value + 1)).ToArray()) { Color = "#18a999" },
            new(SilenceRow, call.Silences.Select(s => Range(SilenceRow, s.Start, s.End)).ToArray()) { Color = "#9aa3b5" },
            new(OverlapRow, call.Overlaps.Select(o => Range(OverlapRow, o.Start, o.End)).ToArray()) { Color = "#e5484d" },
            new(KeywordRow, call.Keywords.Where(k => k.StartsAt is not null).Select(k => Range(KeywordRow, k.StartsAt!.Value, k.StartsAt.Value + MarkerSeconds)).ToArray()) { Color = "#f5a524" },
        };
        return new ChartSpec
        {
            Kind = ChartKind.RangeBar,
            Series = series.Where(s => s.Data.Count > 0).ToArray(),
            Format = ValueFormat.Duration,
            Legend = false,
        };
    }

    private static ChartPoint Range(string row, double start, double end) => new(row, Math.Round(start, 2)) { To = Math.Round(Math.Max(end, start + 0.2), 2) };
}
