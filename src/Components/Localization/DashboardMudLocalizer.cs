using Microsoft.Extensions.Localization;
using MudBlazor;

namespace MiiTelDashboard.Components.Localization;

/// <summary>
/// MudBlazor's own texts (the pager's "Rows per page", the date picker's buttons, "Clear"…) from the
/// dashboard's resources, under the key MudBlazor uses prefixed with <c>Mud.</c>; a key we do not
/// translate falls back to MudBlazor's English.
/// </summary>
public sealed class DashboardMudLocalizer(IStringLocalizer<Text> text) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var found = text["Mud." + key];
            return found.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, found.Value);
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var found = text["Mud." + key, arguments];
            return found.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, found.Value);
        }
    }
}
