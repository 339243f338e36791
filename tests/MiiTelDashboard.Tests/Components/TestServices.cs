using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MiiTelDashboard.Tests.Components;

internal static class TestServices
{
    public static IServiceCollection AddMudServicesForTests(this IServiceCollection services) => services.AddMudServices();
}
