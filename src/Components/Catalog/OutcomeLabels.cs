using MiiTelDashboard.Data;
using MiiTelDashboard.Components.Localization;
using MudBlazor;

namespace MiiTelDashboard.Components.Catalog;

/// <summary>How a call's outcome reads and which colour marks it, wherever it is shown.</summary>
public static class OutcomeLabels
{
    public static IReadOnlyList<string> All => Outcomes.All;

    public static string Label(string outcome) => outcome switch
    {
        Outcomes.Connected or Outcomes.Missed or Outcomes.Unanswered => Words.Get("Outcome." + outcome),
        _ => outcome,
    };

    public static Color Color(string outcome) => outcome switch
    {
        Outcomes.Connected => MudBlazor.Color.Success,
        Outcomes.Missed => MudBlazor.Color.Error,
        Outcomes.Unanswered => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };
}
