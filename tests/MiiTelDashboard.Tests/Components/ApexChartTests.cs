using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using Bunit;
using Microsoft.JSInterop;
using MiiTelDashboard.Components.Charts;

namespace MiiTelDashboard.Tests.Components;

public sealed class ApexChartTests : BunitContext
{
    private readonly BunitJSModuleInterop _module;

    public ApexChartTests()
    {
        _module = JSInterop.SetupModule(ApexChart.ModulePath);
        _module.Mode = JSRuntimeMode.Loose;
        Services.AddScoped<LiveRender>();
    }

    private static readonly ChartSpec StackedBars = new()
    {
        Kind = ChartKind.Bar,
        Stacked = true,
        Categories = ["Mon", "Tue"],
        Series = [ChartSeries.Of("Connected", [3, 4]), ChartSeries.Of("Missed", [1, null])],
        Colors = ["#2e9d6b", "#e0534a"],
    };

    private JsonElement CreatedOptions()
    {
        var create = Assert.Single(_module.Invocations["create"]);
        return JsonDocument.Parse((string)create.Arguments[1]!).RootElement;
    }

    [Fact]
    public void Parameters_BecomeApexOptions_WithGapsKeptAsNull()
    {
        Render<ApexChart>(p => p.Add(c => c.Options, StackedBars));

        var o = CreatedOptions();
        Assert.Equal("bar", o.GetProperty("chart").GetProperty("type").GetString());
        Assert.True(o.GetProperty("chart").GetProperty("stacked").GetBoolean());
        Assert.Equal(["Mon", "Tue"], o.GetProperty("xaxis").GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
        var missed = o.GetProperty("series")[1];
        Assert.Equal("Missed", missed.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, missed.GetProperty("data")[1].ValueKind);
        Assert.Equal("#e0534a", o.GetProperty("colors")[1].GetString());
        Assert.Equal("light", o.GetProperty("theme").GetProperty("mode").GetString());
    }

    [Fact]
    public void Donut_SendsPlainValuesAndLabels()
    {
        Render<ApexChart>(p => p.Add(c => c.Options, new ChartSpec
        {
            Kind = ChartKind.Donut,
            Series = [new ChartSeries("Outcome", [new ChartPoint("Connected", 8), new ChartPoint("Missed", 2)])],
        }));

        var o = CreatedOptions();
        Assert.Equal([8d, 2d], o.GetProperty("series").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(["Connected", "Missed"], o.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        Assert.False(o.TryGetProperty("xaxis", out _));
    }

    [Fact]
    public void RangeBar_SendsFromToPairs_AndABandBecomesAnAnnotation()
    {
        Render<ApexChart>(p => p.Add(c => c.Options, new ChartSpec
        {
            Kind = ChartKind.RangeBar,
            Series = [new ChartSeries("Operator", [new ChartPoint("Operator", 1.5) { To = 4.0, FillColor = "#4f5bd5" }])],
            Bands = [new ChartBand(0.40, 0.43, "Benchmark", "#2e9d6b")],
            Format = ValueFormat.Duration,
        }));

        var o = CreatedOptions();
        var point = o.GetProperty("series")[0].GetProperty("data")[0];
        Assert.Equal([1.5, 4.0], point.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal("#4f5bd5", point.GetProperty("fillColor").GetString());
        Assert.True(o.GetProperty("plotOptions").GetProperty("bar").GetProperty("horizontal").GetBoolean());
        var band = o.GetProperty("annotations").GetProperty("yaxis")[0];
        Assert.Equal(0.40, band.GetProperty("y").GetDouble());
        Assert.Equal(0.43, band.GetProperty("y2").GetDouble());
        Assert.Equal("duration", o.GetProperty("valueFormat").GetString());
    }

    [Theory]
    [InlineData(ChartKind.Line, "line")]
    [InlineData(ChartKind.Area, "area")]
    [InlineData(ChartKind.Heatmap, "heatmap")]
    [InlineData(ChartKind.Radar, "radar")]
    public void EveryKind_MapsToItsApexType(ChartKind kind, string apexType)
    {
        Render<ApexChart>(p => p.Add(c => c.Options, new ChartSpec { Kind = kind, Series = [ChartSeries.Of("a", [1, 2])], Categories = ["x", "y"] }));

        Assert.Equal(apexType, CreatedOptions().GetProperty("chart").GetProperty("type").GetString());
    }

    [Fact]
    public void Heatmap_PlacesItsTooltipBesideTheCell_NotAtTheCursor()
    {
        Render<ApexChart>(p => p.Add(c => c.Options, new ChartSpec { Kind = ChartKind.Heatmap, Series = [new ChartSeries("Mon", [new ChartPoint("9", 3)])] }));

        // apexcharts 4.7 positions a cursor-following heatmap tooltip from the previous mouse event.
        Assert.False(CreatedOptions().GetProperty("tooltip").GetProperty("followCursor").GetBoolean());
    }

    [Fact]
    public void NewParameters_UpdateTheChartInPlace_InsteadOfCreatingAnother()
    {
        var chart = _module.SetupModule("create", _ => true);
        var cut = Render<ApexChart>(p => p.Add(c => c.Options, StackedBars));

        cut.Render(p => p.Add(c => c.Options, StackedBars with { Series = [ChartSeries.Of("Connected", [5, 6])] }));
        // Same options again: nothing to send.
        cut.Render(p => p.Add(c => c.Options, StackedBars with { Series = [ChartSeries.Of("Connected", [5, 6])] }));

        Assert.Single(_module.Invocations["create"]);
        var update = Assert.Single(chart.Invocations["update"]);
        var sent = JsonDocument.Parse((string)update.Arguments[0]!).RootElement;
        Assert.Equal(5, sent.GetProperty("series")[0].GetProperty("data")[0].GetDouble());
    }

    [Fact]
    public void ARenderCausedByLiveCalls_TellsTheChartSo_AndOtherRendersDoNot()
    {
        var chart = _module.SetupModule("create", _ => true);
        var live = Services.GetRequiredService<LiveRender>();
        IRenderedComponent<ApexChart>? cut = null;
        live.Render(() => cut = Render<ApexChart>(p => p.Add(c => c.Options, StackedBars)));

        live.Render(() => cut!.Render(p => p.Add(c => c.Options, StackedBars with { Series = [ChartSeries.Of("Connected", [5, 6])] })));
        cut!.Render(p => p.Add(c => c.Options, StackedBars with { Series = [ChartSeries.Of("Connected", [7, 8])] }));

        // The module draws live work only when the chart can be seen (ApexChart.razor.js); a filter change draws at once.
        Assert.True((bool)Assert.Single(_module.Invocations["create"]).Arguments[2]!);
        Assert.Equal([true, false], chart.Invocations["update"].Select(i => (bool)i.Arguments[1]!));
        Assert.False(live.Active);
    }

    [Fact]
    public void DarkMode_FromTheLayout_SwitchesTheChartTheme()
    {
        var chart = _module.SetupModule("create", _ => true);
        var cut = Render<DarkModeHost>(p => p.Add(c => c.Options, StackedBars).Add(c => c.Dark, false));
        Assert.Contains("\"mode\":\"light\"", cut.FindComponent<ApexChart>().Instance.Json);

        cut.Render(p => p.Add(c => c.Options, StackedBars).Add(c => c.Dark, true));

        var update = Assert.Single(chart.Invocations["update"]);
        var sent = JsonDocument.Parse((string)update.Arguments[0]!).RootElement;
        Assert.Equal("dark", sent.GetProperty("theme").GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Disposing_DestroysTheChart()
    {
        var chart = _module.SetupModule("create", _ => true);
        var cut = Render<ApexChart>(p => p.Add(c => c.Options, StackedBars));

        await cut.Instance.DisposeAsync();

        Assert.Single(chart.Invocations["destroy"]);
    }

    [Fact]
    public async Task DisposedWhileTheChartIsBeingCreated_DestroysTheChartOnceItExists()
    {
        // bUnit answers "create" at once; the browser takes a while, which is when a user can navigate away.
        var browser = new SlowBrowser();
        Services.AddSingleton<IJSRuntime>(browser);
        var cut = Render<ApexChart>(p => p.Add(c => c.Options, StackedBars));
        await cut.InvokeAsync(() => browser.Creating.Task);

        await cut.Instance.DisposeAsync();
        var chart = new RecordingChart();
        await cut.InvokeAsync(() => browser.Created.SetResult(chart));

        Assert.Equal(["destroy", "dispose"], chart.Calls);
    }

    /// <summary>Imports the chart module at once and creates the chart when the test says so.</summary>
    private sealed class SlowBrowser : IJSRuntime
    {
        public TaskCompletionSource Creating { get; } = new();
        public TaskCompletionSource<IJSObjectReference> Created { get; } = new();

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            ValueTask.FromResult((TValue)(object)new RecordingChart(this));

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            InvokeAsync<TValue>(identifier, args);

        public async ValueTask<TValue> CreateAsync<TValue>()
        {
            Creating.TrySetResult();
            return (TValue)await Created.Task;
        }
    }

    /// <summary>A JS object (the module, or a chart) that records what the component asks of it.</summary>
    private sealed class RecordingChart(SlowBrowser? browser = null) : IJSObjectReference
    {
        public List<string> Calls { get; } = [];

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args)
        {
            Calls.Add(identifier);
            return identifier == "create" && browser is not null ? browser.CreateAsync<TValue>() : ValueTask.FromResult(default(TValue)!);
        }

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            InvokeAsync<TValue>(identifier, args);

        public ValueTask DisposeAsync()
        {
            Calls.Add("dispose");
            return ValueTask.CompletedTask;
        }
    }
}
