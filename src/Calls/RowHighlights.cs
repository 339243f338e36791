namespace MiiTelDashboard.Calls;

/// <summary>
/// The calls grid's rows that arrived live, each tinted for <see cref="Duration"/>. Calls arriving
/// at human pace (a few per refresh) fade out smoothly; in a burst the tint stays still until it
/// expires, because an animated background repaints the whole table on every frame: with a page of
/// new rows that was most of the browser's CPU during a burst (bench/Live, docs/PERFORMANCE.md).
/// Used on the renderer's context only.
/// </summary>
public sealed class RowHighlights(TimeProvider time)
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(6);

    /// <summary>A refresh bringing at most this many new rows, outside a burst, fades them.</summary>
    public const int FadeAtMost = 3;

    private readonly Dictionary<string, (long Since, bool Fade)> _rows = new(StringComparer.Ordinal);

    /// <summary>Highlights <paramref name="ids"/> from now on; <paramref name="burst"/> says the refreshes are backing off.</summary>
    public void Add(IReadOnlyCollection<string> ids, bool burst)
    {
        var fade = !burst && ids.Count <= FadeAtMost;
        var now = time.GetTimestamp();
        foreach (var id in ids) _rows[id] = (now, fade);
    }

    /// <summary>The row's CSS classes: <c>calls-row-new</c> (tinted), plus <c>calls-row-fade</c> when it fades.</summary>
    public string ClassFor(string id) =>
        _rows.TryGetValue(id, out var row) && time.GetElapsedTime(row.Since) < Duration
            ? row.Fade ? "calls-row-new calls-row-fade" : "calls-row-new"
            : "";

    /// <summary>Forgets expired rows; returns how long until the next one expires, or null when none is left.</summary>
    public TimeSpan? Prune()
    {
        TimeSpan? next = null;
        foreach (var (id, row) in _rows.ToList())
        {
            var left = Duration - time.GetElapsedTime(row.Since);
            if (left <= TimeSpan.Zero) _rows.Remove(id);
            else if (next is null || left < next) next = left;
        }
        return next;
    }

    public void Clear() => _rows.Clear();
}
