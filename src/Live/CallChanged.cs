using MiiTelDashboard.Data;

namespace MiiTelDashboard.Live;

/// <summary>A stored detail that is new or changed, with what a list row needs.</summary>
public sealed record CallChanged(
    string DetailId,
    string? CallId,
    bool IsNew,
    int Version,
    DateTime StartedAt,
    string? CallType,
    string Outcome,
    string? CircuitNumber,
    string? CircuitName,
    string? OperatorName,
    string? OperatorLoginId,
    string? CounterpartName,
    string? CounterpartCompany,
    string? CounterpartNumber,
    double DurationSeconds,
    double? Score,
    double? Tlr,
    int? OverlapCount,
    int? SilenceCount,
    double? OperatorPositive,
    double? OperatorNegative,
    double? CustomerPositive,
    double? CustomerNegative,
    IReadOnlyList<string> Tags,
    DateTime ChangedAt)
{
    public static CallChanged From(CallDetail d, bool isNew) => new(
        d.Id, d.CallId, isNew, d.Version, DateTime.SpecifyKind(d.StartedAt, DateTimeKind.Utc), d.CallType, d.Outcome,
        d.CircuitNumber, d.CircuitName, d.OperatorName, d.OperatorLoginId,
        d.CounterpartName, d.CounterpartCompany, d.CounterpartNumber, d.DurationSeconds,
        d.Score, d.Tlr, d.OverlapCount, d.SilenceCount,
        d.OperatorPositive, d.OperatorNegative, d.CustomerPositive, d.CustomerNegative,
        d.Tags.Select(t => t.Value).ToArray(), DateTime.SpecifyKind(d.LastChangedAt, DateTimeKind.Utc));
}
