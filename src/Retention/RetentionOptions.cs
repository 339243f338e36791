using System.ComponentModel.DataAnnotations;

namespace MiiTelDashboard.Retention;

/// <summary>Bound from <c>Retention</c>. Every period counts whole days back from the app's clock.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Calls that started longer ago than this are deleted, with all that was derived from them. 0 (the default) keeps calls forever.</summary>
    [Range(0, 36_500, ErrorMessage = "Retention:Days must be between 0 (keep calls forever) and 36500.")]
    public int Days { get; set; }

    /// <summary>
    /// Delivery log rows that stored no call (rejected, unauthorized, failed), with the bodies kept
    /// for inspection, are deleted after this many days. 0 keeps them forever.
    /// </summary>
    [Range(0, 36_500, ErrorMessage = "Retention:RejectedDeliveryDays must be between 0 (keep them forever) and 36500.")]
    public int RejectedDeliveryDays { get; set; } = 7;

    /// <summary>
    /// Calls deleted per transaction. Each transaction holds SQLite's one write lock, and webhooks
    /// wait for it: 500 calls took 0.15–0.6 s on 2 cores shared with other builds, and webhooks sent
    /// meanwhile were answered in at most 0.9 s (tests/.../Retention/RetentionConcurrencyTests).
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Retention:BatchSize must be between 1 and 10000.")]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long after start the first purge runs: later than the start-up burst of MiiTel's retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Retention:StartDelay must be between 00:00:00 and 1.00:00:00.")]
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>True when any purge has something to do.</summary>
    public bool Enabled => Days > 0 || RejectedDeliveryDays > 0;
}
