namespace MiiTelDashboard.Components.Charts;

/// <summary>
/// Marks the renders that live calls caused, one per circuit. A chart drawn or updated by such a
/// render is drawn without its entry animation and waits while nobody can see it (scrolled out of
/// view, or the tab in the background), then draws once when it comes into view. A render the user
/// caused (a page load, a filter change) draws every chart at once, as before. In a burst of calls
/// the overview's charts were most of the browser's work (bench/Live, Chromium's timeline), and a
/// 1440×900 window shows two of its six.
/// </summary>
public sealed class LiveRender
{
    private int _depth;

    /// <summary>True while a live render is in progress (read by charts as they get their parameters).</summary>
    public bool Active => _depth > 0;

    /// <summary>Runs <paramref name="render"/> (a StateHasChanged, which renders at once on the renderer's context) as a live render.</summary>
    public void Render(Action render)
    {
        _depth++;
        try
        {
            render();
        }
        finally
        {
            _depth--;
        }
    }
}
