using MiiTelDashboard.Components.Catalog;

namespace MiiTelDashboard.Analytics;

/// <summary>The sortable metric columns of the users/circuits tables: the metrics of <see cref="MetricCatalog"/>.</summary>
public static class RankingColumns
{
    public static IReadOnlyList<MetricInfo> All => MetricCatalog.All;

    public static MetricInfo Find(string? key) =>
        All.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase)) ?? MetricCatalog.Calls;

    /// <summary>Sorted by the column, rows without a value last in either direction; ties by label.</summary>
    public static IReadOnlyList<RankedRow> Sort(IEnumerable<RankedRow> rows, string? key, bool descending)
    {
        var column = Find(key);
        var withValue = rows.Where(r => r.Metrics.Value(column) is not null);
        var ordered = descending
            ? withValue.OrderByDescending(r => r.Metrics.Value(column))
            : withValue.OrderBy(r => r.Metrics.Value(column));
        return ordered.ThenBy(r => r.Label, StringComparer.CurrentCulture)
            .Concat(rows.Where(r => r.Metrics.Value(column) is null).OrderBy(r => r.Label, StringComparer.CurrentCulture))
            .ToArray();
    }
}
