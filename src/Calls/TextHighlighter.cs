namespace MiiTelDashboard.Calls;

/// <summary>One run of text, a hit of the search or not.</summary>
public readonly record struct TextRun(string Text, bool Hit);

/// <summary>
/// Splits text into runs around every (case-insensitive) occurrence of a query, so a component
/// renders hits as &lt;mark&gt; elements holding text nodes — transcripts are untrusted and never
/// become markup.
/// </summary>
public static class TextHighlighter
{
    public static IReadOnlyList<TextRun> Split(string text, string? query)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var q = query?.Trim();
        if (string.IsNullOrEmpty(q)) return [new TextRun(text, false)];
        var runs = new List<TextRun>();
        var at = 0;
        while (at < text.Length)
        {
            var hit = text.IndexOf(q, at, StringComparison.OrdinalIgnoreCase);
            if (hit < 0) break;
            if (hit > at) runs.Add(new TextRun(text[at..hit], false));
            runs.Add(new TextRun(text.Substring(hit, q.Length), true));
            at = hit + q.Length;
        }
        if (at < text.Length) runs.Add(new TextRun(text[at..], false));
        return runs;
    }

    public static int Count(string text, string? query)
    {
        var q = query?.Trim();
        if (string.IsNullOrEmpty(q) || string.IsNullOrEmpty(text)) return 0;
        var n = 0;
        for (var at = text.IndexOf(q, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(q, at + q.Length, StringComparison.OrdinalIgnoreCase)) n++;
        return n;
    }
}
