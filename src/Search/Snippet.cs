namespace MiiTelDashboard.Search;

/// <summary>A piece of a snippet; <see cref="IsHit"/> pieces are what the search found.</summary>
public sealed record SnippetPart(string Text, bool IsHit);

/// <summary>
/// A short excerpt of an utterance or note with the hits marked. It is data, not markup: the
/// page renders each part as a text node (hits inside &lt;mark&gt;), so transcript text can never
/// become HTML.
/// </summary>
public sealed record Snippet(IReadOnlyList<SnippetPart> Parts)
{
    public const string Ellipsis = "…";

    public string Text => string.Concat(Parts.Select(p => p.Text));

    /// <summary>[start, length] of each hit within <see cref="Text"/>, for API clients.</summary>
    public IReadOnlyList<int[]> Highlights()
    {
        var result = new List<int[]>();
        var at = 0;
        foreach (var part in Parts)
        {
            if (part.IsHit) result.Add([at, part.Text.Length]);
            at += part.Text.Length;
        }
        return result;
    }

    /// <summary>
    /// Finds every occurrence of the terms (ignoring case, like the trigram index and LIKE do for
    /// ASCII), and cuts a window of about <paramref name="maxLength"/> characters around the first
    /// one. Returns null when no term occurs.
    /// </summary>
    public static Snippet? Build(string text, IEnumerable<string> terms, int maxLength = 90)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (var term in terms)
        {
            if (term.Length == 0) continue;
            var at = 0;
            while (at < text.Length && (at = text.IndexOf(term, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                ranges.Add((at, at + term.Length));
                at += term.Length;
            }
        }
        if (ranges.Count == 0) return null;

        ranges.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var r in ranges)
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, r.End));
            else merged.Add(r);
        }

        // Some context before the first hit, the rest after it.
        var first = merged[0];
        var lead = Math.Max(0, Math.Min(maxLength / 4, maxLength - (first.End - first.Start)));
        var start = Math.Max(0, first.Start - lead);
        var end = Math.Min(text.Length, Math.Max(start + maxLength, first.End));
        if (end == text.Length) start = Math.Max(0, Math.Min(start, end - maxLength));
        start = AvoidSplit(text, start);
        end = AvoidSplit(text, end);

        var parts = new List<SnippetPart>();
        if (start > 0) parts.Add(new SnippetPart(Ellipsis, false));
        var at2 = start;
        foreach (var (s, e) in merged)
        {
            if (e <= start || s >= end) continue;
            var hs = Math.Max(s, start);
            var he = Math.Min(e, end);
            if (hs > at2) parts.Add(new SnippetPart(text[at2..hs], false));
            parts.Add(new SnippetPart(text[hs..he], true));
            at2 = he;
        }
        if (at2 < end) parts.Add(new SnippetPart(text[at2..end], false));
        if (end < text.Length) parts.Add(new SnippetPart(Ellipsis, false));
        return new Snippet(parts);
    }

    /// <summary>Moves a cut off the middle of a surrogate pair, so an emoji is never halved.</summary>
    private static int AvoidSplit(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) && char.IsHighSurrogate(text[index - 1]) ? index - 1 : index;
}
