using System.Globalization;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Clock;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Clock;

public sealed class ClockOptionsTests
{
    [Theory]
    [InlineData("2026-03-14T15:05:00Z", "2026-03-14T15:05:00Z")]
    [InlineData("2026-03-15T00:05:00+09:00", "2026-03-14T15:05:00Z")]
    [InlineData("2026-03-14T15:05:00.1234567Z", "2026-03-14T15:05:00.1234567Z")]
    [InlineData("2026-03-14T15:05Z", "2026-03-14T15:05:00Z")]
    public void AnIsoInstantWithAnOffset_StartsTheClockThere(string startAt, string expected)
    {
        var options = new ClockOptions { StartAt = startAt };

        Assert.Empty(Problems(options));
        Assert.InRange(options.CreateTimeProvider().GetUtcNow(), DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture).AddMinutes(1));
    }

    [Theory]
    [InlineData("2026-03-14T15:05:00")] // no offset: the server's local time, which differs between machines
    [InlineData("2026-03-14")]
    [InlineData("14/03/2026 15:05 +00:00")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("tomorrow")]
    public void AnythingElse_IsRejected_NamingTheKey(string startAt)
    {
        var problem = Assert.Single(Problems(new ClockOptions { StartAt = startAt }));

        Assert.Contains("Clock:StartAt", problem);
        Assert.Contains(startAt, problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Unset_IsTheSystemClock(string? startAt)
    {
        var options = new ClockOptions { StartAt = startAt };

        Assert.Empty(Problems(options));
        Assert.Same(TimeProvider.System, options.CreateTimeProvider());
    }

    [Fact]
    public async Task TheApp_TakesItsClockFromConfiguration()
    {
        using var app = new AppFactory().With("Clock:StartAt", "2026-03-14T15:05:00Z");
        using var client = app.CreateClient();
        var time = app.Services.GetRequiredService<TimeProvider>();

        Assert.IsType<ShiftedTimeProvider>(time);
        var start = new DateTimeOffset(2026, 3, 14, 15, 5, 0, TimeSpan.Zero);
        Assert.InRange(time.GetUtcNow(), start, start.AddMinutes(5));
        var seen = time.GetUtcNow();
        await Wait.UntilAsync(() => time.GetUtcNow() > seen, TimeSpan.FromSeconds(5), "the app's clock moves on");
    }

    [Fact]
    public void ABadStartAt_FailsStartUp_WithAClearMessage()
    {
        using var app = new AppFactory().With("Clock:StartAt", "next monday");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var invalid = Assert.IsType<OptionsValidationException>(Innermost<OptionsValidationException>(error));
        Assert.Contains("Clock:StartAt 'next monday' is not an ISO-8601 instant", invalid.Message);
    }

    private static List<string> Problems(ClockOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    private static T? Innermost<T>(Exception? error) where T : Exception
    {
        for (; error is not null; error = error.InnerException) if (error is T found) return found;
        return null;
    }
}
