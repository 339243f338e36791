using MiiTelDashboard.Analytics;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Clock;
using MiiTelDashboard.Data;
using MiiTelDashboard.Demo;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Integration;
using MiiTelDashboard.Live;
using MiiTelDashboard.Replay;
using MiiTelDashboard.Retention;
using MiiTelDashboard.ScaleOut;
using MiiTelDashboard.Search;
using MiiTelDashboard.Security;
using MiiTelDashboard.Shell;

if (await ReplayCommand.TryRunAsync(args) is { } replayed) return replayed;
if (await HealthcheckCommand.TryRunAsync(args) is { } healthExit) return healthExit;
if (await DatabaseCommands.TryRunAsync(args) is { } exitCode) return exitCode;
if (await SearchIndexCommand.TryRunAsync(args)) return 0;

var builder = WebApplication.CreateBuilder(AppContentRoot.Options(args.WithoutDemoFlag()));

builder.AddClock();
builder.AddHardening();
builder.AddDemo(args);
builder.AddData();
builder.AddSecurity();
builder.AddLive();
builder.AddIngest();
builder.AddAnalytics();
builder.AddCalls();
builder.AddIntegration();
builder.AddDashboard();
builder.AddLanguages();
builder.AddSearch();
builder.AddRetention();
builder.AddScaleOut();

var app = builder.Build();

await using (await app.HoldStartupLockAsync())
{
    await app.MigrateDatabaseAsync();
    await app.PrepareSignInAsync();
}
app.AnnounceWebhook();

app.UseHardening();
app.UseLanguages();
app.UseDashboardPipeline();
app.MapData();
app.MapSecurity();
app.MapIngest();
app.MapCallsApi();
app.MapCallsExport();
app.MapLive();
app.MapSearch();
app.MapDashboard();

app.Run();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
