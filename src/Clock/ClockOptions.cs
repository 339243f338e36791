using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace MiiTelDashboard.Clock;

/// <summary>Bound from <c>Clock</c>.</summary>
public sealed class ClockOptions : IValidatableObject
{
    public const string Section = "Clock";

    /// <summary>
    /// When set, an ISO-8601 instant with its offset (<c>2026-03-15T03:00:00Z</c>): the app's clock
    /// starts there and runs on in real time, so tests and demos get the same "today" on every run.
    /// Unset (or empty) in production: the system clock.
    /// </summary>
    public string? StartAt { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(StartAt) && !TryParseInstant(StartAt, out _))
            yield return new ValidationResult($"Clock:StartAt '{StartAt}' is not an ISO-8601 instant with an offset, such as 2026-03-15T03:00:00Z or 2026-03-15T12:00:00+09:00.");
    }

    /// <summary>The clock the app runs on: shifted to <see cref="StartAt"/> when it is set, otherwise the system's.</summary>
    public TimeProvider CreateTimeProvider() =>
        string.IsNullOrWhiteSpace(StartAt) ? TimeProvider.System : new ShiftedTimeProvider(DateTimeOffset.ParseExact(StartAt, Formats, CultureInfo.InvariantCulture, Styles));

    // A time without an offset would mean the server's local zone, which differs between machines.
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm'Z'"];
    private const DateTimeStyles Styles = DateTimeStyles.AssumeUniversal;

    private static bool TryParseInstant(string value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(value, Formats, CultureInfo.InvariantCulture, Styles, out instant);
}

public static class ClockExtensions
{
    /// <summary>The one <see cref="TimeProvider"/> every part of the app takes its time from.</summary>
    public static IHostApplicationBuilder AddClock(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TimeProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClockOptions>>().Value;
            // Said at start-up, so a shifted clock left in a deployment's settings does not go unnoticed.
            if (!string.IsNullOrWhiteSpace(options.StartAt))
                sp.GetRequiredService<ILogger<ShiftedTimeProvider>>().LogWarning("The clock starts at {StartAt} (Clock:StartAt), not at the system time.", options.StartAt);
            return options.CreateTimeProvider();
        });
        return builder;
    }
}
