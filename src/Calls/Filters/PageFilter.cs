using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using MiiTelDashboard.Components;

namespace MiiTelDashboard.Calls.Filters;

/// <summary>
/// The pages' front door onto <see cref="CallFilter"/>: the filters as they appear in a page's URL
/// (from/to as inclusive yyyy-MM-dd dates in the browser's time zone, or <c>period=all</c>; circuit,
/// user, type, outcome, tag, minScore, maxScore). Unreadable values are ignored, as if absent.
/// Turns into a <see cref="CallFilter"/> (UTC range) for queries and back into URLs for links, so
/// a view is one bookmarkable address.
/// </summary>
public sealed record PageFilter
{
    public const int DefaultDays = 30;
    private const string DateFormat = "yyyy-MM-dd";
    private const string AllTimeValue = "all";

    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>Every call, whenever it was made; <see cref="From"/> and <see cref="To"/> are then ignored.</summary>
    public bool AllTime { get; init; }
    public string? Circuit { get; init; }
    public string? User { get; init; }
    public string? Type { get; init; }
    public string? Outcome { get; init; }
    public string? Tag { get; init; }
    public double? MinScore { get; init; }
    public double? MaxScore { get; init; }

    /// <summary>The query keys this model owns; other keys (page, sort, desc, …) are kept as they are when writing.</summary>
    public static readonly string[] Keys = ["from", "to", "period", "circuit", "user", "type", "outcome", "tag", "minScore", "maxScore"];

    /// <summary>Reads the filter part of a URL's query.</summary>
    public static PageFilter FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(QueryOf(uri));
        string? Get(string key) => query.TryGetValue(key, out var v) ? v.ToString() : null;
        return Parse(Get("from"), Get("to"), Get("period"), Get("circuit"), Get("user"), Get("type"), Get("outcome"), Get("tag"), Get("minScore"), Get("maxScore"));
    }

    /// <summary>Builds the model from raw query values (as [SupplyParameterFromQuery] hands them over).</summary>
    public static PageFilter Parse(string? from, string? to, string? period, string? circuit, string? user, string? type, string? outcome, string? tag, string? minScore, string? maxScore)
    {
        var allTime = string.Equals(period?.Trim(), AllTimeValue, StringComparison.OrdinalIgnoreCase);
        var f = new PageFilter
        {
            AllTime = allTime,
            From = allTime ? null : ParseDate(from),
            To = allTime ? null : ParseDate(to),
            Circuit = Clean(circuit),
            User = Clean(user),
            Type = Clean(type),
            Outcome = Clean(outcome),
            Tag = Clean(tag),
            MinScore = ParseNumber(minScore),
            MaxScore = ParseNumber(maxScore),
        };
        // A reversed range is read as the range the user meant rather than as "nothing".
        if (f.From is { } a && f.To is { } b && a > b) f = f with { From = b, To = a };
        return f;
    }

    /// <summary>
    /// The inclusive local dates this filter covers: a missing end means today, a missing start the
    /// last 30 days; all time has no first day (null) and ends today.
    /// </summary>
    public (DateOnly? From, DateOnly To) Period(DateOnly today)
    {
        if (AllTime) return (null, today);
        var to = To ?? (From is { } f && f > today ? f : today);
        return (From ?? to.AddDays(-(DefaultDays - 1)), to);
    }

    /// <summary>How many days the period holds; null for all time.</summary>
    public int? Days(DateOnly today) => Period(today) is ({ } from, var to) ? to.DayNumber - from.DayNumber + 1 : null;

    /// <summary>The period of the same length that ends the day before this one starts; null for all time, which has none.</summary>
    public PageFilter? Previous(DateOnly today)
    {
        if (Period(today) is not ({ } from, _) || Days(today) is not { } days) return null;
        return this with { From = from.AddDays(-days), To = from.AddDays(-1) };
    }

    /// <summary>The query filter: local midnight of <c>from</c> to local midnight after <c>to</c>, in UTC; all time is unbounded.</summary>
    public CallFilter ToCallFilter(TimeZoneInfo zone, DateOnly today)
    {
        var (from, to) = Period(today);
        return new CallFilter
        {
            From = from is { } f ? BrowserInfo.StartOfDayUtc(f, zone) : null,
            To = AllTime ? null : BrowserInfo.StartOfDayUtc(to.AddDays(1), zone),
            Circuit = Circuit,
            User = User,
            Type = Type,
            Outcome = Outcome,
            Tag = Tag,
            MinScore = MinScore,
            MaxScore = MaxScore,
        };
    }

    /// <summary>The filter as query pairs, in the convention's key order, leaving out empty values.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToQuery()
    {
        if (AllTime) yield return new("period", AllTimeValue);
        if (From is { } from) yield return new("from", from.ToString(DateFormat, CultureInfo.InvariantCulture));
        if (To is { } to) yield return new("to", to.ToString(DateFormat, CultureInfo.InvariantCulture));
        if (Circuit is not null) yield return new("circuit", Circuit);
        if (User is not null) yield return new("user", User);
        if (Type is not null) yield return new("type", Type);
        if (Outcome is not null) yield return new("outcome", Outcome);
        if (Tag is not null) yield return new("tag", Tag);
        if (MinScore is { } min) yield return new("minScore", min.ToString(CultureInfo.InvariantCulture));
        if (MaxScore is { } max) yield return new("maxScore", max.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A link to <paramref name="path"/> carrying this filter, e.g. <c>Link("/calls")</c> for "these calls".</summary>
    public string Link(string path) => QueryHelpers.AddQueryString(path, ToQuery());

    /// <summary>
    /// <paramref name="currentUri"/> with this filter's keys replaced and every other query key
    /// kept except <c>page</c> (a new filter starts at the first page).
    /// </summary>
    public string ApplyTo(string currentUri)
    {
        var path = new Uri(currentUri, UriKind.Absolute).AbsolutePath;
        var others = QueryHelpers.ParseQuery(QueryOf(currentUri))
            .Where(p => !Keys.Contains(p.Key, StringComparer.OrdinalIgnoreCase) && !p.Key.Equals("page", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
        return QueryHelpers.AddQueryString(path, ToQuery().Concat(others));
    }

    /// <summary>The query part of a relative or absolute URI, without a fragment.</summary>
    private static string QueryOf(string uri)
    {
        var query = uri.IndexOf('?') is var i and >= 0 ? uri[i..] : "";
        return query.IndexOf('#') is var h and >= 0 ? query[..h] : query;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static double? ParseNumber(string? value) =>
        double.TryParse(value?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;
}
