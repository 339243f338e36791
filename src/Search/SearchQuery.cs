using System.Text;

namespace MiiTelDashboard.Search;

/// <summary>Which speaker's utterances a search looks at.</summary>
public enum SearchSide { Operator, Customer }

/// <summary>
/// One thing to look for: a word or a quoted phrase, matched as a substring. The trigram index
/// needs at least three characters (Unicode scalars, so an emoji counts once); shorter terms —
/// common in Japanese (価格, 午後) — are answered by a bounded LIKE scan instead.
/// </summary>
public sealed record SearchTerm(string Text, bool IsPhrase)
{
    public const int TrigramLength = 3;

    public bool IsShort { get; } = Text.EnumerateRunes().Count() < TrigramLength;

    /// <summary>The term as one FTS5 phrase: operators, * and NEAR inside it are plain text.</summary>
    public string FtsPhrase => "\"" + Text.Replace("\"", "\"\"") + "\"";

    /// <summary>A LIKE pattern for a substring match, with \ as the escape character.</summary>
    public string LikePattern => "%" + Text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}

/// <summary>
/// A parsed search: every <see cref="Include"/> term must occur in the call (in any utterance,
/// tag, comment or minutes), no <see cref="Exclude"/> term may, optionally on one side only.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<SearchTerm> Include, IReadOnlyList<SearchTerm> Exclude, SearchSide? Side, SearchNotice? Problem)
{
    /// <summary>Bounds that keep a pasted page of text from turning into an expensive query.</summary>
    public const int MaxTerms = 16;
    public const int MaxTermLength = 500;

    public static readonly SearchQuery Empty = new([], [], null, null);

    public bool IsEmpty => Include.Count == 0;

    public IEnumerable<SearchTerm> All => Include.Concat(Exclude);

    /// <summary>
    /// Reads what a manager types: words separated by spaces (ASCII or the full-width U+3000),
    /// "quoted phrases" (also “curly”), -word or -"phrase" to exclude, side:operator /
    /// side:customer. Never throws: anything unusual becomes plain text to look for, and input
    /// beyond the bounds gives a <see cref="Problem"/> to show instead of results.
    /// </summary>
    public static SearchQuery Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return Empty;
        var include = new List<SearchTerm>();
        var exclude = new List<SearchTerm>();
        SearchSide? side = null;
        SearchNotice? problem = null;

        var i = 0;
        while (i < input.Length)
        {
            if (IsSeparator(input[i])) { i++; continue; }

            var negate = false;
            if (input[i] == '-' && i + 1 < input.Length && !IsSeparator(input[i + 1]))
            {
                negate = true;
                i++;
            }

            string text;
            bool phrase;
            if (IsOpenQuote(input[i]))
            {
                // An unclosed quote takes the rest of the input as the phrase.
                var start = i + 1;
                var end = start;
                while (end < input.Length && !IsCloseQuote(input[end])) end++;
                text = Clean(input[start..end]);
                phrase = true;
                i = Math.Min(end + 1, input.Length);
            }
            else
            {
                var start = i;
                while (i < input.Length && !IsSeparator(input[i])) i++;
                text = Clean(input[start..i]);
                phrase = false;
            }

            if (!phrase && !negate && TryReadSide(text, out var s))
            {
                side = s;
                continue;
            }
            if (text.Length == 0 || (!phrase && text == "-")) continue;
            if (text.Length > MaxTermLength)
            {
                problem = SearchNotice.TermTooLong;
                continue;
            }
            var term = new SearchTerm(text, phrase);
            var list = negate ? exclude : include;
            if (!list.Contains(term)) list.Add(term);
        }

        if (include.Count + exclude.Count > MaxTerms)
            problem = SearchNotice.TooManyTerms;
        return problem is null
            ? new SearchQuery(include, exclude, side, null)
            : new SearchQuery([], [], side, problem);
    }

    private static bool TryReadSide(string token, out SearchSide side)
    {
        side = default;
        if (!token.StartsWith("side:", StringComparison.OrdinalIgnoreCase)) return false;
        return TryParseSide(token["side:".Length..], out side);
    }

    /// <summary>Reads <c>operator</c> or <c>customer</c> (any case).</summary>
    public static bool TryParseSide(string? value, out SearchSide side)
    {
        side = default;
        if (string.Equals(value, "operator", StringComparison.OrdinalIgnoreCase)) { side = SearchSide.Operator; return true; }
        if (string.Equals(value, "customer", StringComparison.OrdinalIgnoreCase)) { side = SearchSide.Customer; return true; }
        return false;
    }

    /// <summary>Control characters (NUL, tabs, newlines) separate words rather than being searched for.</summary>
    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || char.IsControl(c);

    private static bool IsOpenQuote(char c) => c is '"' or '“' or '”';
    private static bool IsCloseQuote(char c) => c is '"' or '“' or '”';

    /// <summary>A phrase is kept as typed (so its spacing must match), minus control characters and outer spaces.</summary>
    private static string Clean(string text)
    {
        if (!text.Any(char.IsControl)) return text.Trim();
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) sb.Append(char.IsControl(c) ? ' ' : c);
        return sb.ToString().Trim();
    }
}

public enum SearchNoticeKind { TermTooLong, TooManyTerms, OnlyExclusions }

/// <summary>
/// Why a search shows no results although something was typed. <see cref="Text"/> is the read API's
/// English sentence (a contract for scripts); pages say it in their reader's language by <see cref="Kind"/>.
/// </summary>
public sealed record SearchNotice(SearchNoticeKind Kind, string Text)
{
    public static readonly SearchNotice TermTooLong = new(SearchNoticeKind.TermTooLong,
        $"A search word or phrase can be at most {SearchQuery.MaxTermLength} characters long.");

    public static readonly SearchNotice TooManyTerms = new(SearchNoticeKind.TooManyTerms,
        $"A search can have at most {SearchQuery.MaxTerms} words or phrases.");

    public static readonly SearchNotice OnlyExclusions = new(SearchNoticeKind.OnlyExclusions,
        "Add at least one word to look for; -word only excludes calls.");
}
