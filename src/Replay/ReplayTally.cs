using System.Globalization;

namespace MiiTelDashboard.Replay;

/// <summary>What happened to each body: the counts the summary prints, and the latencies of the answered posts.</summary>
public sealed class ReplayTally
{
    private readonly Lock _gate = new();
    private readonly List<double> _latenciesMs = [];
    private readonly List<string> _problems = [];

    public int Stored { get; private set; }
    public int Unchanged { get; private set; }
    public int Challenges { get; private set; }
    public int Rejected { get; private set; }
    public int Failed { get; private set; }
    public int Retries { get; private set; }
    public int Done => Stored + Unchanged + Challenges + Rejected + Failed;

    /// <summary>The first problems, each with its body's origin; more than this would bury the summary.</summary>
    public IReadOnlyList<string> Problems { get { lock (_gate) return [.. _problems]; } }

    public const int ProblemsKept = 5;

    public void Add(ReplayOutcome outcome, TimeSpan? latency, string? problem = null)
    {
        lock (_gate)
        {
            switch (outcome)
            {
                case ReplayOutcome.Stored: Stored++; break;
                case ReplayOutcome.Unchanged: Unchanged++; break;
                case ReplayOutcome.Challenge: Challenges++; break;
                case ReplayOutcome.Rejected: Rejected++; break;
                default: Failed++; break;
            }
            if (latency is { } l) _latenciesMs.Add(l.TotalMilliseconds);
            if (problem is not null && _problems.Count < ProblemsKept) _problems.Add(problem);
        }
    }

    public void AddRetry()
    {
        lock (_gate) Retries++;
    }

    /// <summary>The latency at quantile <paramref name="q"/> (nearest rank), in ms; null before any answer.</summary>
    public double? Percentile(double q)
    {
        lock (_gate)
        {
            if (_latenciesMs.Count == 0) return null;
            var sorted = _latenciesMs.Order().ToArray();
            var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }

    public string Summary(string source, Uri url, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var rate = elapsed.TotalSeconds > 0 ? Done / elapsed.TotalSeconds : 0;
        var lines = new List<string>
        {
            string.Format(inv, "Replayed {0:N0} bodies from {1} to {2} in {3:0.0} s ({4:0.0}/s).", Done, source, url, elapsed.TotalSeconds, rate),
            string.Format(inv, "  stored     {0,7:N0}", Stored),
            string.Format(inv, "  unchanged  {0,7:N0}   (already stored: MiiTel's re-sends, or a second replay)", Unchanged),
            string.Format(inv, "  rejected   {0,7:N0}   (4xx: the app will not store these as sent)", Rejected),
            string.Format(inv, "  failed     {0,7:N0}   (5xx or no answer after retries: safe to replay again)", Failed),
        };
        if (Challenges > 0) lines.Add(string.Format(inv, "  challenges {0,7:N0}   (answered, nothing to store)", Challenges));
        if (Retries > 0) lines.Add(string.Format(inv, "  retries    {0,7:N0}   (429/503 answers waited out, as MiiTel does)", Retries));
        if (Percentile(0.5) is { } p50)
            lines.Add(string.Format(inv, "  latency    p50 {0:0.0} ms, p99 {1:0.0} ms, max {2:0.0} ms", p50, Percentile(0.99), Percentile(1)));
        foreach (var problem in Problems) lines.Add("  ! " + problem);
        return string.Join(Environment.NewLine, lines);
    }
}

public enum ReplayOutcome { Stored, Unchanged, Challenge, Rejected, Failed }
