using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Analytics;

public sealed record CircuitOption(string Number, string? Name)
{
    public string Label => string.IsNullOrWhiteSpace(Name) ? Number : $"{Name} ({Number})";
}

public sealed record FilterChoices(IReadOnlyList<CircuitOption> Circuits, IReadOnlyList<string> Users)
{
    public static readonly FilterChoices Empty = new([], []);
}

/// <summary>The choices of the global circuit and user filters: every circuit and operator seen.</summary>
public sealed class FilterOptionsQuery(IDbContextFactory<CallsDbContext> dbFactory)
{
    public async Task<FilterChoices> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var circuits = await db.Details.AsNoTracking()
            .Where(d => d.CircuitNumber != null)
            .GroupBy(d => d.CircuitNumber!)
            .Select(g => new CircuitOption(g.Key, g.Max(d => d.CircuitName)))
            .ToListAsync(ct);
        var users = await db.Details.AsNoTracking()
            .Where(d => d.OperatorName != null)
            .Select(d => d.OperatorName!)
            .Distinct()
            .ToListAsync(ct);
        return new FilterChoices(
            circuits.OrderBy(c => c.Label, StringComparer.CurrentCulture).ToArray(),
            users.Order(StringComparer.CurrentCulture).ToArray());
    }
}
