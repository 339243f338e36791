using System.Linq.Expressions;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>
/// A call as every list shows it: the calls grid and its CSV, the read API, the overview's latest
/// calls, search results and the live feed. Made in one place (<see cref="Project"/>), in SQL or
/// from an entity in memory, so a new column reaches every list at once. Times are UTC.
/// </summary>
public record CallSummary
{
    public required string DetailId { get; init; }
    public string? CallId { get; init; }
    public required DateTime StartedAt { get; init; }
    public string? CallType { get; init; }
    public required string Outcome { get; init; }
    public string? CircuitNumber { get; init; }
    public string? CircuitName { get; init; }
    public string? OperatorName { get; init; }
    public string? OperatorLoginId { get; init; }
    public string? CounterpartName { get; init; }
    public string? CounterpartCompany { get; init; }
    public string? CounterpartNumber { get; init; }
    public double DurationSeconds { get; init; }
    public double? Score { get; init; }
    public double? Tlr { get; init; }
    public int? OverlapCount { get; init; }
    public int? SilenceCount { get; init; }
    public double? OperatorPositive { get; init; }
    public double? OperatorNegative { get; init; }
    public double? CustomerPositive { get; init; }
    public double? CustomerNegative { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public int Version { get; init; }
    public DateTime ChangedAt { get; init; }

    // Tags travel as one string per row (one correlated subquery in the same SELECT, not a second
    // query); the separator is a control character no tag contains.
    private const char TagSeparator = '\u001F';

    /// <summary>The projection, for SQL (EF translates it) and, compiled, for an entity in memory.</summary>
    public static readonly Expression<Func<CallDetail, CallSummary>> Project = d => new CallSummary
    {
        DetailId = d.Id, CallId = d.CallId, StartedAt = d.StartedAt, CallType = d.CallType, Outcome = d.Outcome,
        CircuitNumber = d.CircuitNumber, CircuitName = d.CircuitName, OperatorName = d.OperatorName, OperatorLoginId = d.OperatorLoginId,
        CounterpartName = d.CounterpartName, CounterpartCompany = d.CounterpartCompany, CounterpartNumber = d.CounterpartNumber,
        DurationSeconds = d.DurationSeconds, Score = d.Score, Tlr = d.Tlr, OverlapCount = d.OverlapCount, SilenceCount = d.SilenceCount,
        OperatorPositive = d.OperatorPositive, OperatorNegative = d.OperatorNegative,
        CustomerPositive = d.CustomerPositive, CustomerNegative = d.CustomerNegative,
        Tags = SplitTags(string.Join(TagSeparator, d.Tags.OrderBy(t => t.Id).Select(t => t.Value))),
        Version = d.Version, ChangedAt = d.LastChangedAt,
    };

    private static readonly Func<CallDetail, CallSummary> Compiled = Project.Compile();

    /// <summary>The summary of an entity in memory (its tags loaded), e.g. one the ingest writer just stored.</summary>
    public static CallSummary Of(CallDetail detail) => Compiled(detail);

    private static string[] SplitTags(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(TagSeparator);
}
