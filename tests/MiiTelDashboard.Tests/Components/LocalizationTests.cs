using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Catalog;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Tests.Components;

/// <summary>The two resource files agree, and every key the code names exists in them.</summary>
public sealed partial class LocalizationTests
{
    private static string Localization([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "../../../src/Components/Localization"));

    private static string Source([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "../../../src"));

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Localization(), file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}、。：（）〜！？・]")]
    private static partial Regex JapaneseScript();

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    // L["Key"…], L[cond ? "A" : "B"…], Words.Get("Key"), Words.Format("Key", …), Words.English("Key", …)
    [GeneratedRegex(@"(?:\bL\[|Words\.(?:Get|Format|English)\()\s*(?:[^""\]\)]*\?\s*)?""([A-Za-z][\w\-]*(?:\.[\w\-]+)+)""(?:\s*:\s*""([A-Za-z][\w\-]*(?:\.[\w\-]+)+)"")?")]
    private static partial Regex KeyUse();

    [Fact]
    public void EveryKey_HasANonEmptyEnglishAndJapaneseText()
    {
        var english = Read("Text.resx");
        var japanese = Read("Text.ja.resx");

        Assert.True(english.Count > 300, $"only {english.Count} keys: the resources were not found");
        Assert.Empty(english.Keys.Except(japanese.Keys));
        Assert.Empty(japanese.Keys.Except(english.Keys));
        Assert.Empty(english.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key));
        Assert.Empty(japanese.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key));
    }

    [Fact]
    public void NoJapaneseText_IsAKeyName_OrDropsAPlaceholder()
    {
        var english = Read("Text.resx");
        var japanese = Read("Text.ja.resx");

        Assert.Empty(japanese.Where(p => english.ContainsKey(p.Value.Trim())).Select(p => $"{p.Key} = {p.Value}"));
        // A placeholder that one language forgets would silently drop a number or a name.
        var dropped = english.Keys.Where(k => !Placeholders(english[k]).SetEquals(Placeholders(japanese[k]))).ToList();
        Assert.True(dropped.Count == 0, "placeholders differ: " + string.Join(", ", dropped));
    }

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).ToHashSet();

    [Fact]
    public void NoJapaneseText_IsEnglishLeftOver()
    {
        // Every Japanese text has Japanese in it, unless it is one of these names or codes.
        string[] sameInBothLanguages = ["IVR"];
        var japanese = Read("Text.ja.resx");

        Assert.Empty(japanese.Where(p => !JapaneseScript().IsMatch(p.Value) && !sameInBothLanguages.Contains(p.Value))
            .Select(p => $"{p.Key} = {p.Value}"));
    }

    [Fact]
    public void EveryKeyTheCodeNames_Exists()
    {
        var keys = Read("Text.resx").Keys.ToHashSet();
        var used = Directory.EnumerateFiles(Source(), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }))
            .Where(k => k.Length > 0)
            .ToHashSet();

        Assert.True(used.Count > 200, $"only {used.Count} keys found in the code: the pattern no longer matches it");
        Assert.Empty(used.Except(keys));
    }

    [Fact]
    public void Catalog_And_MudBlazorTexts_FollowTheCurrentLanguage()
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var mud = new DashboardMudLocalizer(services.GetRequiredService<IStringLocalizer<Text>>());
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja");
            Assert.Equal("応答", OutcomeLabels.Label("connected"));
            Assert.Equal("着信", CallTypes.Label("INCOMING_CALL"));
            Assert.Equal("トーク比率", MetricCatalog.TalkRatio.ColumnLabel);
            Assert.Equal("表示件数:", mud["MudDataGridPager_RowsPerPage"].Value);
            Assert.True(mud["MudSomething_Unknown"].ResourceNotFound);

            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("Connected", OutcomeLabels.Label("connected"));
            Assert.Equal("Rows per page:", mud["MudDataGridPager_RowsPerPage"].Value);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Fact]
    public void EnglishCounts_AreSingularForOne_AndPluralForTwo()
    {
        var fmt = new Formats(BrowserContext.Resolve("Asia/Tokyo", "en-US"));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("1 pt above", TalkRatioBenchmark.Verdict(0.44, fmt));
            Assert.Equal("2 pts above", TalkRatioBenchmark.Verdict(0.45, fmt));
            Assert.Equal("1 pt below (listening)", TalkRatioBenchmark.Verdict(0.39, fmt));
            Assert.Equal("2 pts below (listening)", TalkRatioBenchmark.Verdict(0.38, fmt));

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja");
            Assert.Equal("目安より1ポイント高い", TalkRatioBenchmark.Verdict(0.44, fmt));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void JapaneseFormats_WriteDatesWeekdaysAndDurationsTheJapaneseWay()
    {
        // A Japanese page in an American browser still writes Japanese formats.
        var ja = new Formats(BrowserContext.Resolve("Asia/Tokyo", "en-US", Languages.Japanese));
        var en = new Formats(BrowserContext.Resolve("Asia/Tokyo", "ja-JP"));

        Assert.Equal("2026年11月29日(日)", ja.LongDate(new DateOnly(2026, 11, 29)));
        Assert.Equal("2026/11/29", ja.Date(new DateOnly(2026, 11, 29)));
        Assert.Equal(["日", "月", "火", "水", "木", "金", "土"], ja.WeekdayNames);
        Assert.Equal("3分12秒", ja.Duration(192));
        Assert.Equal("45秒", ja.Duration(45));
        Assert.Equal("1時間1分5秒", ja.Duration(3665));
        Assert.Equal("1,234.5", ja.Number(1234.5));
        Assert.Equal("42.5%", ja.Percent(0.425));

        // An English page in a Japanese browser keeps its regional numbers but English words.
        Assert.Equal("Sun, Nov 29, 2026", en.LongDate(new DateOnly(2026, 11, 29)));
        Assert.Equal("Mon", en.WeekdayNames[1]);
        Assert.Equal("3:12", en.Duration(192));
        Assert.Equal("11/29", en.ShortDate(new DateOnly(2026, 11, 29)));
        Assert.Equal("11月29日", ja.ShortDate(new DateOnly(2026, 11, 29)));
        Assert.Equal("10月27日(火)", new DateTime(2026, 10, 27).ToString(ja.PickerTitleFormat, ja.PickerCulture));
        Assert.Equal("Tue, Oct 27", new DateTime(2026, 10, 27).ToString(en.PickerTitleFormat, en.PickerCulture));
    }
}
