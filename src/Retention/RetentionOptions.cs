using System.ComponentModel.DataAnnotations;

namespace MiiTelDashboard.Retention;

/// <summary>Bound from <c>Retention</c>. Every period counts whole days back from the app's clock.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Calls that started longer ago than this are deleted, with all that was derived from them. 0 (the default) keeps calls forever.</summary>
    [Range(0, 36_500)]
    public int Days { get; set; }

    /// <summary>
    /// Delivery log rows that stored no call (rejected, unauthorized, failed), with the bodies kept
    /// for inspection, are deleted after this many days. 0 keeps them forever.
    /// </summary>
    [Range(0, 36_500)]
    public int RejectedDeliveryDays { get; set; } = 7;

    /// <summary>
    /// Calls deleted per transaction. Each transaction holds SQLite's one write lock, and webhooks
    /// wait for it: 500 calls took about 0.3 s on 2 cores (tests/.../Retention/RetentionConcurrencyTests).
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long after start the first purge runs: later than the start-up burst of MiiTel's retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>True when any purge has something to do.</summary>
    public bool Enabled => Days > 0 || RejectedDeliveryDays > 0;
}
