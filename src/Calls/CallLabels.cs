using MiiTelDashboard.Components;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>Labels of the calls pages: call types come from the dashboard's one table (<see cref="CallTypes"/>); outcomes are ours.</summary>
public static class CallLabels
{
    /// <summary>Every known call type with its label, for the type filter.</summary>
    public static IEnumerable<(string Key, string Label)> Types => CallTypes.Known.Select(k => (k, CallTypes.Label(k)));

    public static string Type(string? callType) => CallTypes.Label(callType);

    public static string Outcome(string outcome) => outcome switch
    {
        Outcomes.Connected => "Connected",
        Outcomes.Missed => "Missed",
        Outcomes.Unanswered => "Unanswered",
        _ => outcome,
    };

    /// <summary>MudBlazor colour name for an outcome chip.</summary>
    public static MudBlazor.Color OutcomeColor(string outcome) => outcome switch
    {
        Outcomes.Connected => MudBlazor.Color.Success,
        Outcomes.Missed => MudBlazor.Color.Error,
        Outcomes.Unanswered => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };
}
