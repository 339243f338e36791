using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using MiiTelDashboard.Calls;

namespace MiiTelDashboard.Components.Filters;

/// <summary>
/// The filters of a dashboard page as they appear in its URL (the shared convention: from/to as
/// inclusive yyyy-MM-dd dates in the browser's time zone, circuit, user, type, outcome, tag,
/// minScore, maxScore). Turns into a <see cref="CallFilter"/> (UTC range) for queries and back
/// into URLs for links, so a view is one bookmarkable address.
/// </summary>
public sealed record PageFilter
{
    public const int DefaultDays = 30;
    private const string DateFormat = "yyyy-MM-dd";

    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Circuit { get; init; }
    public string? User { get; init; }
    public string? Type { get; init; }
    public string? Outcome { get; init; }
    public string? Tag { get; init; }
    public double? MinScore { get; init; }
    public double? MaxScore { get; init; }

    /// <summary>The query keys this model owns; other keys (page, sort, desc, …) are kept as they are when writing.</summary>
    public static readonly string[] Keys = ["from", "to", "circuit", "user", "type", "outcome", "tag", "minScore", "maxScore"];

    /// <summary>Reads the filter part of a URL's query. Unreadable values are ignored, as if absent.</summary>
    public static PageFilter FromUri(string uri)
    {
        var query = QueryHelpers.ParseQuery(new Uri(uri, UriKind.RelativeOrAbsolute) is { IsAbsoluteUri: true } abs ? abs.Query : QueryOf(uri));
        string? Get(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        return Parse(Get("from"), Get("to"), Get("circuit"), Get("user"), Get("type"), Get("outcome"), Get("tag"), Get("minScore"), Get("maxScore"));
    }

    /// <summary>Builds the model from raw query values (as [SupplyParameterFromQuery] hands them over).</summary>
    public static PageFilter Parse(string? from, string? to, string? circuit, string? user, string? type, string? outcome, string? tag, string? minScore, string? maxScore)
    {
        var f = new PageFilter
        {
            From = ParseDate(from),
            To = ParseDate(to),
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

    /// <summary>The inclusive local dates this filter covers; a missing end means today, a missing start the last 30 days.</summary>
    public (DateOnly From, DateOnly To) Period(DateOnly today)
    {
        var to = To ?? (From is { } f && f > today ? f : today);
        var from = From ?? to.AddDays(-(DefaultDays - 1));
        return (from, to);
    }

    public int Days(DateOnly today)
    {
        var (from, to) = Period(today);
        return to.DayNumber - from.DayNumber + 1;
    }

    /// <summary>The period of the same length that ends the day before this one starts.</summary>
    public PageFilter Previous(DateOnly today)
    {
        var (from, to) = Period(today);
        var days = to.DayNumber - from.DayNumber + 1;
        return this with { From = from.AddDays(-days), To = from.AddDays(-1) };
    }

    /// <summary>The query filter: local midnight of <c>from</c> to local midnight after <c>to</c>, in UTC.</summary>
    public CallFilter ToCallFilter(TimeZoneInfo zone, DateOnly today)
    {
        var (from, to) = Period(today);
        return new CallFilter
        {
            From = LocalMidnightUtc(from, zone),
            To = LocalMidnightUtc(to.AddDays(1), zone),
            Circuit = Circuit,
            User = User,
            Type = Type,
            Outcome = Outcome,
            Tag = Tag,
            MinScore = MinScore,
            MaxScore = MaxScore,
        };
    }

    /// <summary>UTC instant of 00:00 local time on <paramref name="date"/>; a midnight that a DST jump skips maps to the first valid instant.</summary>
    public static DateTime LocalMidnightUtc(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>The filter as query pairs, in the convention's key order, leaving out empty values.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToQuery()
    {
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
    public string Link(string path)
    {
        var query = string.Join("&", ToQuery().Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        return query.Length == 0 ? path : $"{path}?{query}";
    }

    /// <summary>
    /// <paramref name="currentUri"/> with this filter's keys replaced and every other query key
    /// kept except <c>page</c> (a new filter starts at the first page).
    /// </summary>
    public string ApplyTo(string currentUri)
    {
        var uri = new Uri(currentUri, UriKind.Absolute);
        var others = QueryHelpers.ParseQuery(uri.Query)
            .Where(p => !Keys.Contains(p.Key, StringComparer.OrdinalIgnoreCase) && !p.Key.Equals("page", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")));
        var query = string.Join("&", ToQuery().Concat(others).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return uri.AbsolutePath + (query.Length == 0 ? "" : "?" + query);
    }

    private static string QueryOf(string relative) => relative.IndexOf('?') is var i and >= 0 ? relative[i..] : "";

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static double? ParseNumber(string? value) =>
        double.TryParse(value?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;
}
