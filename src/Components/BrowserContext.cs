using System.Globalization;
using Microsoft.JSInterop;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Components;

/// <summary>
/// The browser's time zone and culture, which decide what "today" and a "day" mean on a page: the one
/// home of that calendar maths. <see cref="Language"/> is the dashboard's language (en or ja), which
/// words durations and dates; <see cref="Culture"/> writes numbers and short dates.
/// </summary>
public sealed record BrowserInfo(TimeZoneInfo Zone, CultureInfo Culture, string Language = Languages.English)
{
    public static readonly BrowserInfo Utc = new(TimeZoneInfo.Utc, CultureInfo.GetCultureInfo("en-US"));

    public bool Japanese => Language == Languages.Japanese;

    public DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, Zone));

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);

    /// <summary>UTC instant of 00:00 in <paramref name="zone"/> on <paramref name="date"/>; a midnight that a DST jump skips maps to the first valid instant.</summary>
    public static DateTime StartOfDayUtc(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}

/// <summary>
/// Asks the browser once per circuit (scoped service) for its IANA time zone and language, via JS
/// interop; callable only once the circuit is interactive (after the first render).
/// </summary>
public sealed class BrowserContext(IJSRuntime js)
{
    private Task<BrowserInfo>? _info;

    /// <summary>Known once <see cref="GetAsync"/> has completed; null before.</summary>
    public BrowserInfo? Current => _info is { IsCompletedSuccessfully: true } t ? t.Result : null;

    public Task<BrowserInfo> GetAsync(CancellationToken ct = default) => _info ??= LoadAsync(ct);

    /// <summary>As <see cref="GetAsync"/>, or null when the browser went away meanwhile (nothing left to render for).</summary>
    public async Task<BrowserInfo?> TryGetAsync()
    {
        try
        {
            return await GetAsync();
        }
        catch (JSDisconnectedException)
        {
            return null;
        }
    }

    private async Task<BrowserInfo> LoadAsync(CancellationToken ct)
    {
        try
        {
            var raw = await js.InvokeAsync<string[]>("miitelDashboard.browserInfo", ct);
            return Resolve(raw.ElementAtOrDefault(0), raw.ElementAtOrDefault(1), Languages.Current);
        }
        catch (JSException)
        {
            _info = null;
            return BrowserInfo.Utc;
        }
    }

    /// <summary>
    /// Unknown zones or cultures fall back to UTC / en-US rather than failing the page. A Japanese page
    /// in a browser of another language writes Japanese formats (ja-JP); an English page keeps the
    /// browser's regional formats (an English reader in Tokyo keeps 2026/11/29).
    /// </summary>
    public static BrowserInfo Resolve(string? zoneId, string? language, string dashboardLanguage = Languages.English)
    {
        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found)) zone = found;
        CultureInfo culture;
        try
        {
            culture = string.IsNullOrWhiteSpace(language) ? BrowserInfo.Utc.Culture : CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            culture = BrowserInfo.Utc.Culture;
        }
        if (dashboardLanguage == Languages.Japanese && !Languages.IsJapanese(culture)) culture = Languages.FormattingCulture(Languages.Japanese);
        return new BrowserInfo(zone, culture, dashboardLanguage);
    }
}
