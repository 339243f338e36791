using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Components.Catalog;

/// <summary>Readable names for MiiTel's call_type values; unknown values are shown as sent.</summary>
public static class CallTypes
{
    // Their labels are the resources' CallType.{value}.
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "OUTGOING_CALL", "INCOMING_CALL", "INCOMING_CALL_USER", "QUEUEING_CALL", "EXTENSION", "EXTENSION_GROUP",
        "EXTENSION_TRANSFER", "EXTENSION_GROUP_TRANSFER", "PREDICTIVE_DIAL", "AUTOMATIC_TRANSFER", "READ_DTMF",
    };

    /// <summary>Every known call type with its label, for the type filter.</summary>
    public static IEnumerable<(string Key, string Label)> All => Known.Select(k => (k, Label(k)));

    public static string Label(string? callType) => callType is null ? Formats.Missing
        : Known.TryGetValue(callType, out var known) ? Words.Get("CallType." + known) : callType;
}
