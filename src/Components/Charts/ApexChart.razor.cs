using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace MiiTelDashboard.Components.Charts;

/// <summary>
/// One apexcharts chart. The chart is created once after the first render; later parameter
/// changes update it in place (series only when only the data changed), so a live refresh does
/// not flicker or lose the hover state. The chart follows the layout's dark mode.
/// </summary>
public sealed partial class ApexChart
{
    public const string ModulePath = "./src/Components/Charts/ApexChart.razor.js";

    [Parameter, EditorRequired] public ChartSpec Options { get; set; } = new();
    [Parameter] public string Height { get; set; } = "280px";
    [Parameter] public string? Class { get; set; }
    [Parameter] public string? AriaLabel { get; set; }
    [CascadingParameter(Name = "DarkMode")] public bool Dark { get; set; }
    [Inject] private LiveRender LiveRender { get; set; } = null!;

    private ElementReference _element;
    private IJSObjectReference? _module;
    private IJSObjectReference? _chart;
    private string? _sentJson;
    private string _json = "";
    private bool _disposed;
    // Whether the latest parameters came with a live render (see LiveRender).
    private bool _live;

    /// <summary>The options as sent to apexcharts (exposed for tests and diagnostics).</summary>
    public string Json => _json;

    protected override void OnParametersSet()
    {
        _json = ChartJson.Serialize(Options, Dark);
        _live = LiveRender.Active;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            if (firstRender)
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
                if (_disposed) return;
                // What was sent, not what _json is once the call returns: a render meanwhile may have changed it.
                var json = _json;
                var chart = await _module.InvokeAsync<IJSObjectReference>("create", _element, json, _live);
                if (_disposed)
                {
                    // Disposed while the chart was being created (a fast navigation): DisposeAsync found
                    // no chart to destroy, so this one would stay behind in the browser.
                    await DestroyAsync(chart);
                    return;
                }
                _chart = chart;
                _sentJson = json;
                if (_json != json) StateHasChanged();
            }
            else if (_chart is not null && _json != _sentJson)
            {
                _sentJson = _json;
                await _chart.InvokeVoidAsync("update", _json, _live);
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away while the chart was being drawn; nothing left to update.
        }
        catch (TaskCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        try
        {
            if (_chart is not null) await DestroyAsync(_chart);
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone, and with it the chart.
        }
    }

    private static async Task DestroyAsync(IJSObjectReference chart)
    {
        await chart.InvokeVoidAsync("destroy");
        await chart.DisposeAsync();
    }
}
