using System.Globalization;
using System.Net;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiiTelDashboard.Components;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Integration;
using MudBlazor.Services;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>The Integration page's one line about refused webhook attempts, which are counted rather than logged.</summary>
public sealed class RefusedAttemptsNoteTests : BunitContext
{
    private static readonly Formats Fmt = new(new BrowserInfo(TimeZoneInfo.Utc, CultureInfo.GetCultureInfo("en-US")));
    private readonly WebhookRefusals _refusals = new(
        Microsoft.Extensions.Options.Options.Create(new WebhookOptions { FailedAuthLimit = 1 }),
        new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 6, 30, 0, TimeSpan.Zero)));

    public RefusedAttemptsNoteTests()
    {
        Services.AddMudServices();
        Services.AddSingleton(_refusals);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void NoRefusals_ShouldSaySo()
    {
        var cut = Render<RefusedAttemptsNote>(p => p.Add(x => x.Fmt, Fmt));
        Assert.Equal("No refused attempts (wrong or missing credentials) since the app started.", cut.Find("[data-testid=refused-attempts]").TextContent.Trim());
    }

    [Fact]
    public void Refusals_ShouldShowTheCount_TheThrottled_AndTheLastAddressTimeAndReason()
    {
        _refusals.Fail(IPAddress.Parse("198.51.100.7"), "The Authorization header is missing.");
        _refusals.Fail(IPAddress.Parse("198.51.100.7"), "The Authorization header does not carry valid credentials.");

        var cut = Render<RefusedAttemptsNote>(p => p.Add(x => x.Fmt, Fmt));

        var at = Fmt.DateTime(new DateTime(2026, 11, 25, 6, 30, 0, DateTimeKind.Utc)); // "11/25/2026 6:30 AM", with ICU's narrow space
        Assert.Equal($"2 refused attempts since the app started (1 throttled); the last from 198.51.100.7 at {at}: Wrong credentials",
            cut.Find("[data-testid=refused-attempts]").FirstChild!.TextContent.Trim());
        // The exact answer the sender got, in English whatever the reader's language.
        var answer = cut.Find("[data-testid=refused-answer] [translate=no]");
        Assert.Equal("The Authorization header does not carry valid credentials.", answer.TextContent);
        Assert.Equal("en", answer.GetAttribute("lang"));
    }

    [Fact]
    public void OneRefusal_ShouldSayAttempt_InTheSingular()
    {
        _refusals.Fail(IPAddress.Parse("198.51.100.7"), "The Authorization header is missing.");

        var cut = Render<RefusedAttemptsNote>(p => p.Add(x => x.Fmt, Fmt));

        Assert.StartsWith("1 refused attempt since the app started (0 throttled), from 198.51.100.7 at ", cut.Find("[data-testid=refused-attempts]").TextContent.Trim());
        Assert.Contains(": No credentials were sent", cut.Find("[data-testid=refused-attempts]").TextContent);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _refusals.Dispose();
        base.Dispose(disposing);
    }
}
