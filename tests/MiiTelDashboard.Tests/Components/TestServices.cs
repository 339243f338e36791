using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MiiTelDashboard.Tests.Components;

internal static class TestServices
{
    /// <summary>MudBlazor, and the localizer every page and component reads its words from (as the app registers them).</summary>
    public static IServiceCollection AddMudServicesForTests(this IServiceCollection services) => services.AddMudServices().AddLocalization();
}
