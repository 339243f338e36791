using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MiiTelDashboard.Components.Localization;

/// <summary>
/// The same resources as the injected <c>IStringLocalizer&lt;Text&gt;</c>, for the static presentation
/// catalog (metric names, call types, outcomes): it reads the current UI culture, which a Blazor
/// Server circuit keeps from the request that started it.
/// </summary>
public static class Words
{
    private static readonly IStringLocalizer Localizer =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance).Create(typeof(Text));

    public static string Get(string key) => Localizer[key];

    public static string Format(string key, params object[] arguments) => Localizer[key, arguments];

    private static readonly ResourceManager Resources = new(typeof(Text).FullName!, typeof(Text).Assembly);

    /// <summary>The English text whatever the reader's language: for what is recorded (the audit log), not shown.</summary>
    public static string English(string key, params object[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, Resources.GetString(key, CultureInfo.InvariantCulture) ?? key, arguments);
}
