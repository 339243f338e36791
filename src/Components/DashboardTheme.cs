using MudBlazor;

namespace MiiTelDashboard.Components;

/// <summary>The product's look: a calm indigo/teal palette with outcome colours that read in both modes.</summary>
public static class DashboardTheme
{
    public const string Connected = "#2e9d6b";
    public const string Missed = "#e0534a";
    public const string Unanswered = "#f0a030";
    public const string Operator = "#4f5bd5";
    public const string Customer = "#14a3b8";
    public const string Benchmark = "#2e9d6b";
    public const string Positive = "#2e9d6b";
    public const string Negative = "#e0534a";

    /// <summary>
    /// Latin text from the first faces, Japanese from the first one present: Hiragino on macOS, Yu Gothic
    /// UI and Meiryo on Windows, Noto Sans CJK/JP or IPA Gothic (what CI installs) on Linux; IPA's
    /// proportional face first, since IPAGothic sets Latin letters at a fixed width. Without them
    /// a browser falls back to whatever face it finds first, often a Chinese one (different glyph shapes).
    /// </summary>
    public static readonly string[] FontFamily =
    [
        "Inter", "Segoe UI", "Roboto", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Meiryo",
        "Noto Sans JP", "Noto Sans CJK JP", "IPAPGothic", "IPAGothic", "sans-serif",
    ];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f5bd5",
            Secondary = "#14a3b8",
            Tertiary = "#8e5cd9",
            Success = Connected,
            Error = Missed,
            Warning = Unanswered,
            AppbarBackground = "#1f2340",
            AppbarText = "#ffffff",
            Background = "#f5f6fa",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#2b2f3a",
            TextPrimary = "#1f2330",
            TextSecondary = "#5b6172",
            LinesDefault = "#e3e5ec",
            TableLines = "#eceef3",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8b94ff",
            Secondary = "#3cc6da",
            Tertiary = "#b38cff",
            Success = "#45c08a",
            Error = "#ff6f66",
            Warning = "#ffb84d",
            AppbarBackground = "#161927",
            AppbarText = "#e8eaf2",
            Background = "#10121b",
            Surface = "#1a1d2b",
            DrawerBackground = "#161927",
            DrawerText = "#d6d9e4",
            TextPrimary = "#e8eaf2",
            TextSecondary = "#a3a8b8",
            LinesDefault = "#2c3142",
            TableLines = "#262a3a",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "10px", DrawerWidthLeft = "230px" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontFamily },
            // Buttons as written: MudBlazor's uppercase turned "MiiTelで開く" into "MIITELで開く", and shouts in English.
            Button = new ButtonTypography { FontFamily = FontFamily, TextTransform = "none" },
        },
    };
}
