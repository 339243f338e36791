using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MiiTelDashboard.Ingest;

/// <summary>Bound from <c>MiiTel:Webhook</c>.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string Section = "MiiTel:Webhook";

    [Required, RegularExpression("^/.*", ErrorMessage = "The webhook path must start with '/'.")]
    public string Path { get; set; } = "/webhooks/miitel";

    /// <summary>Expected <c>Authorization: Bearer</c> token. When neither this nor Basic is set, one is generated under data/.</summary>
    public string? BearerToken { get; set; }
    public string? BasicUser { get; set; }
    public string? BasicPassword { get; set; }

    /// <summary>When set, a delivery's top-level <c>params_key</c> must equal it (MiiTel's "Additional payload").</summary>
    public string? ParamsKey { get; set; }

    /// <summary>When non-empty, only these addresses or CIDR ranges may post (MiiTel's fixed source IP option).</summary>
    public List<string> AllowedSources { get; set; } = [];

    /// <summary>
    /// Largest body taken. A dense 3-hour call (an utterance every 4 s in Japanese, raw and summary
    /// phrases and the transcript) measures 3.7 MB (tests/.../Ingest/LongCallTests); 16 MiB leaves 4× room.
    /// </summary>
    [Range(1024, 1L << 30)]
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How much of a rejected body the delivery log keeps for inspection.</summary>
    [Range(0, 1 << 20)]
    public int RejectedBodyCapBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// Failed authentications one source address may make per <see cref="FailedAuthWindow"/>; the
    /// next ones answer 429. MiiTel with the right headers never fails, so a low limit costs it nothing.
    /// </summary>
    [Range(1, 100_000)]
    public int FailedAuthLimit { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailedAuthWindow { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(BasicUser) != string.IsNullOrEmpty(BasicPassword))
            yield return new ValidationResult("Set both MiiTel:Webhook:BasicUser and BasicPassword, or neither.");
        foreach (var source in AllowedSources)
        {
            if (!IPNetwork.TryParse(source, out _) && !IPAddress.TryParse(source, out _))
                yield return new ValidationResult($"MiiTel:Webhook:AllowedSources: '{source}' is not an IP address or CIDR range.");
        }
    }
}

/// <summary>Bound from <c>MiiTel:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "MiiTel:Ingest";

    /// <summary>Most deliveries committed in one transaction.</summary>
    [Range(1, 1024)]
    public int MaxBatch { get; set; } = 64;

    /// <summary>Deliveries that may wait for the writer before senders are held back.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;
}
