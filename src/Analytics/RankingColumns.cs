using MiiTelDashboard.Components;

namespace MiiTelDashboard.Analytics;

/// <summary>A sortable metric column of the users/circuits tables; <see cref="Key"/> is its <c>sort=</c> value in the URL.</summary>
public sealed record RankingColumn(string Key, string Label, Func<Metrics, double?> Value, Func<Formats, Metrics, string> Text, string? Tooltip = null);

public static class RankingColumns
{
    public const string DefaultSort = "calls";

    public static readonly IReadOnlyList<RankingColumn> All =
    [
        new("calls", "Calls", m => m.Calls, (f, m) => f.Count(m.Calls)),
        new("connected", "Connected", m => m.Connected, (f, m) => f.Count(m.Connected)),
        new("missed", "Missed", m => m.Missed, (f, m) => f.Count(m.Missed)),
        new("duration", "Avg. talk", m => m.AverageDuration, (f, m) => f.Duration(m.AverageDuration), "Average talk time of connected calls"),
        new("score", "Score", m => m.AverageScore, (f, m) => f.Number(m.AverageScore), "MiiTel's overall score"),
        new("talkRatio", "Talk ratio", m => m.AverageTalkRatio, (f, m) => f.Percent(m.AverageTalkRatio), "Operator talk ratio; benchmark 40–43%"),
        new("overlaps", "Overlaps", m => m.OverlapsPerCall, (f, m) => f.Number(m.OverlapsPerCall), "Overlaps per analysed call"),
        new("silences", "Silences", m => m.SilencesPerCall, (f, m) => f.Number(m.SilencesPerCall), "Silences per analysed call"),
        new("positive", "Positive", m => m.AveragePositive, (f, m) => f.Number(m.AveragePositive, 2), "Customer positive emotion 0–1"),
        new("negative", "Negative", m => m.AverageNegative, (f, m) => f.Number(m.AverageNegative, 2), "Customer negative emotion 0–1"),
    ];

    public static RankingColumn Find(string? key) =>
        All.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)) ?? All[0];

    /// <summary>Sorted by the column, rows without a value last in either direction; ties by label.</summary>
    public static IReadOnlyList<RankedRow> Sort(IEnumerable<RankedRow> rows, string? key, bool descending)
    {
        var column = Find(key);
        var withValue = rows.Where(r => column.Value(r.Metrics) is not null);
        var ordered = descending
            ? withValue.OrderByDescending(r => column.Value(r.Metrics))
            : withValue.OrderBy(r => column.Value(r.Metrics));
        return ordered.ThenBy(r => r.Label, StringComparer.CurrentCulture)
            .Concat(rows.Where(r => column.Value(r.Metrics) is null).OrderBy(r => r.Label, StringComparer.CurrentCulture))
            .ToArray();
    }
}
