using Microsoft.Playwright;
using MiiTelDashboard.Components.Charts;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Components;

/// <summary>The chart module itself in Chromium, served by the real app.</summary>
public sealed class ApexChartBrowserTests : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly BrowserFixture _browser;
    private readonly KestrelApp _app = new();
    private readonly List<string> _errors = [];
    private IPage _page = null!;

    /// <summary>Each test drives the chart module itself on a page of its own that has no chart (/integration).</summary>
    public async Task InitializeAsync()
    {
        _page = await _browser.NewPageAsync(_app.BaseUrl, _errors);
        await _page.GotoAsync("/integration");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public ApexChartBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task LiveUpdatesInQuickSuccession_AreDrawnOnce_WithTheLatestOptions()
    {
        var (page, errors) = (_page, _errors);

        // A chart drawn by the user's page load, then three live updates within a moment of each other.
        await page.EvaluateAsync($$"""
            async () => {
                const module = await import('{{ApexChart.ModulePath}}');
                const element = document.createElement('div');
                element.id = 'settle';
                element.style.cssText = 'position:fixed;top:0;left:0;width:600px;height:240px;z-index:9999;background:#fff';
                document.body.append(element);
                const spec = labels => JSON.stringify({ chart: { type: 'bar' }, series: [{ name: 'Calls', data: [1, 2] }], xaxis: { categories: labels } });
                const chart = await module.create(element, spec(['Mon', 'Tue']), false);
                while (element.dataset.chartState !== 'ready') await new Promise(r => setTimeout(r, 20));
                for (const labels of [['Jan', 'Feb'], ['Mar', 'Apr'], ['May', 'Jun']]) chart.update(spec(labels), true);
            }
            """);

        var chart = page.Locator("#settle");
        await Assertions.Expect(chart.Locator("text", new() { HasText = "Jun" }).First).ToBeVisibleAsync();
        // Drawing each update one after another would have counted three by the time the last one shows.
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-updates", "1");
        Assert.Equal(0, await chart.Locator("text", new() { HasText = "Feb" }).CountAsync());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ChartsCreatedTogether_AreDrawnOneAfterAnother_EachInATaskOfItsOwn()
    {
        var (page, errors) = (_page, _errors);

        // Six charts created at once, as a page's first render does; each moment a chart turns ready is
        // recorded by a MutationObserver, whose callback runs once per task that changed the page.
        var readyAt = await page.EvaluateAsync<double[]>($$"""
            async () => {
                const module = await import('{{ApexChart.ModulePath}}');
                const readyAt = [];
                const elements = [...Array(6).keys()].map(i => {
                    const element = document.createElement('div');
                    element.style.cssText = `position:fixed;top:${i * 10}px;left:0;width:600px;height:200px`;
                    document.body.append(element);
                    return element;
                });
                const seen = new Set();
                const observer = new MutationObserver(() => {
                    const now = performance.now();
                    elements.forEach((e, i) => { if (e.dataset.chartState === 'ready' && !seen.has(i)) { seen.add(i); readyAt[i] = now; } });
                });
                observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-chart-state'] });
                const spec = JSON.stringify({ chart: { type: 'line' }, series: [{ name: 'Calls', data: [1, 3, 2, 5] }], xaxis: { categories: ['a', 'b', 'c', 'd'] } });
                await Promise.all(elements.map(e => module.create(e, spec, false)));
                while (seen.size < elements.length) await new Promise(r => setTimeout(r, 20));
                observer.disconnect();
                elements.forEach(e => e.remove());
                return readyAt;
            }
            """);

        Assert.Equal(6, readyAt.Length);
        // In the order they were created, and never two in the same task: the page could paint between.
        for (var i = 1; i < readyAt.Length; i++) Assert.True(readyAt[i] > readyAt[i - 1], $"chart {i} was ready at {readyAt[i]:F1} ms, chart {i - 1} at {readyAt[i - 1]:F1} ms");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AChartDrawnByAPageLoad_HasNoEntryAnimation()
    {
        var (page, errors) = (_page, _errors);

        // A bar that animates in starts flat and grows over the next frames; drawn at once, it has its
        // height in the task that reports the chart ready.
        var heights = await page.EvaluateAsync<double[]>($$"""
            async () => {
                const module = await import('{{ApexChart.ModulePath}}');
                const element = document.createElement('div');
                element.style.cssText = 'position:fixed;top:0;left:0;width:600px;height:200px';
                document.body.append(element);
                const heights = await new Promise(resolve => {
                    new MutationObserver((_, observer) => {
                        if (element.dataset.chartState !== 'ready') return;
                        observer.disconnect();
                        resolve([...element.querySelectorAll('.apexcharts-bar-area')].map(b => b.getBBox().height));
                    }).observe(element, { attributes: true, attributeFilter: ['data-chart-state'] });
                    module.create(element, JSON.stringify({ chart: { type: 'bar' }, series: [{ name: 'Calls', data: [1, 3, 2, 5] }], xaxis: { categories: ['a', 'b', 'c', 'd'] } }), false);
                });
                element.remove();
                return heights;
            }
            """);

        Assert.Equal(4, heights.Length);
        Assert.All(heights, h => Assert.True(h > 10, $"a bar {h:F1} px high when the chart was reported ready"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AYearOfDays_IsNamedByDayOnTheAxis_AndManyStackedBarsDrawAsAnArea()
    {
        var (page, errors) = (_page, _errors);

        await page.EvaluateAsync($$"""
            async () => {
                const module = await import('{{ApexChart.ModulePath}}');
                const days = Array.from({ length: 365 }, (_, i) => 'day' + i);
                const series = name => ({ name, data: days.map((_, i) => i % 7) });
                for (const [id, type, stacked] of [['bars', 'bar', true], ['lines', 'line', false]]) {
                    const element = document.createElement('div');
                    element.id = id;
                    element.style.cssText = 'width:840px;height:240px';
                    document.body.prepend(element);
                    await module.create(element, JSON.stringify({ chart: { type, stacked }, series: [series('a'), series('b')], xaxis: { categories: days } }), false);
                }
            }
            """);

        foreach (var id in new[] { "#bars", "#lines" })
        {
            var chart = page.Locator(id);
            await Assertions.Expect(chart).ToHaveAttributeAsync("data-chart-state", "ready");
            var labels = await chart.Locator(".apexcharts-xaxis-label tspan").AllTextContentsAsync();
            // About a dozen labels, each a day's own name, the last day among them; never an index.
            Assert.InRange(labels.Count(l => l.Length > 0), 4, 16);
            Assert.All(labels.Where(l => l.Length > 0), l => Assert.StartsWith("day", l, StringComparison.Ordinal));
            Assert.Contains("day364", labels);
        }
        // 730 bars would cost apexcharts 4.x n² DOM updates; the same series are drawn as areas instead.
        Assert.Equal(0, await page.Locator("#bars .apexcharts-bar-area").CountAsync());
        Assert.Equal(2, await page.Locator("#bars .apexcharts-area-series .apexcharts-series").CountAsync());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ChartDurations_AreWrittenAsThePagesWriteThem()
    {
        var (page, errors) = (_page, _errors);
        double[] seconds = [0, 9.4, 59.5, 61, 599, 3599.4, 3600, 7322, 36000];
        var fmt = new MiiTelDashboard.Components.Formats(MiiTelDashboard.Components.BrowserContext.Resolve("Asia/Tokyo", "en-US"));

        var inBrowser = await page.EvaluateAsync<string[][]>($$"""
            async seconds => {
                const module = await import('{{ApexChart.ModulePath}}');
                const duration = module.formatter('duration');
                return [seconds.map(s => duration(s)), [duration(null)]];
            }
            """, seconds);

        Assert.Equal(seconds.Select(s => fmt.Duration(s)), inBrowser[0]);
        Assert.Equal(MiiTelDashboard.Components.Formats.Missing, inBrowser[1][0]);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Tooltips_ShowFormattedValues_NextToWhatIsHovered()
    {
        var (page, errors) = (_page, _errors);
        var timeline = ChartJson.Serialize(new ChartSpec
        {
            Kind = ChartKind.RangeBar,
            Series = [new ChartSeries("Operator", [new ChartPoint("Operator", 57) { To = 62 }])],
            Format = ValueFormat.Duration,
        }, dark: false);
        var heatmap = ChartJson.Serialize(new ChartSpec
        {
            Kind = ChartKind.Heatmap,
            // Rows of weekdays, as on the overview: a row as tall as the chart would put any tooltip beside its middle.
            Series = new[] { "Fri", "Thu", "Wed", "Tue", "Mon" }.Select((day, i) => new ChartSeries(day, [new ChartPoint("9", i), new ChartPoint("10", i + 2)])).ToArray(),
        }, dark: true);

        await page.EvaluateAsync($$"""
            async ([timeline, heatmap]) => {
                const module = await import('{{ApexChart.ModulePath}}');
                for (const [id, top, json] of [['timeline', 0, timeline], ['heat', 260, heatmap]]) {
                    // apexcharts takes a "100%" height from the element's parent, as in the page's panels.
                    const panel = document.createElement('div');
                    panel.style.cssText = `position:fixed;top:${top}px;left:0;width:600px;height:240px;z-index:9999;background:#fff`;
                    const element = document.createElement('div');
                    element.id = id;
                    element.style.height = '100%';
                    panel.append(element);
                    document.body.append(panel);
                    await module.create(element, json, false);
                    while (element.dataset.chartState !== 'ready') await new Promise(r => setTimeout(r, 20));
                }
            }
            """, new[] { timeline, heatmap });

        // The row name stays a name; start and end read as durations.
        await page.Locator("#timeline .apexcharts-rangebar-area").First.HoverAsync();
        var timelineTip = page.Locator("#timeline .apexcharts-tooltip");
        await Assertions.Expect(timelineTip).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Operator:\s*0:57\s*-\s*1:02"));
        await Assertions.Expect(timelineTip).Not.ToContainTextAsync("NaN");

        // One move straight onto a cell (as a tap does) still puts the tooltip on the chart, in the dark theme.
        await page.Locator("#heat .apexcharts-heatmap-rect[i='2'][j='1']").HoverAsync();
        var heatTip = page.Locator("#heat .apexcharts-tooltip");
        await Assertions.Expect(heatTip).ToContainTextAsync("Wed: 4");
        await Assertions.Expect(heatTip).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("apexcharts-theme-dark"));
        var tip = (await heatTip.BoundingBoxAsync())!;
        var chart = (await page.Locator("#heat").BoundingBoxAsync())!;
        Assert.True(tip.X >= chart.X && tip.Y >= chart.Y && tip.X + tip.Width <= chart.X + chart.Width && tip.Y + tip.Height <= chart.Y + chart.Height,
            $"tooltip at {tip.X},{tip.Y} ({tip.Width}x{tip.Height}) is outside the chart at {chart.X},{chart.Y} ({chart.Width}x{chart.Height})");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Circuit, user and tag names are data; as chart names they must read as the text they are.</summary>
    private const string Hostile = "<img src=x onerror=\"window.__xss=1\"><b>Sales</b> & 'Co'";

    [Fact]
    public async Task HostileNames_ReadAsText_InTooltipsLegendsAndAxes_AndNothingRuns()
    {
        var (page, errors) = (_page, _errors);
        var bar = ChartJson.Serialize(new ChartSpec
        {
            Kind = ChartKind.Bar,
            Categories = [Hostile, "Tue"],
            Series = [ChartSeries.Of(Hostile, [3, 4]), ChartSeries.Of("Missed", [1, 2])],
        }, dark: false);
        var donut = ChartJson.Serialize(new ChartSpec
        {
            Kind = ChartKind.Donut,
            Series = [new ChartSeries("Outcomes", [new ChartPoint(Hostile, 5), new ChartPoint("Missed", 2)])],
        }, dark: false);
        var heatmap = ChartJson.Serialize(new ChartSpec
        {
            Kind = ChartKind.Heatmap,
            Series = [new ChartSeries(Hostile, [new ChartPoint(Hostile, 4), new ChartPoint("10", 2)])],
            Legend = false,
        }, dark: false);
        var timeline = ChartJson.Serialize(new ChartSpec
        {
            Kind = ChartKind.RangeBar,
            Series = [new ChartSeries(Hostile, [new ChartPoint(Hostile, 5) { To = 9 }])],
            Format = ValueFormat.Duration,
        }, dark: false);

        await page.EvaluateAsync($$"""
            async charts => {
                const module = await import('{{ApexChart.ModulePath}}');
                for (const [i, [id, json]] of charts.entries()) {
                    const panel = document.createElement('div');
                    panel.style.cssText = `position:fixed;top:${(i % 2) * 300}px;left:${Math.floor(i / 2) * 620}px;width:600px;height:280px;z-index:9999;background:#fff`;
                    const element = document.createElement('div');
                    element.id = id;
                    element.style.height = '100%';
                    panel.append(element);
                    document.body.append(panel);
                    await module.create(element, json, false);
                    while (element.dataset.chartState !== 'ready') await new Promise(r => setTimeout(r, 20));
                }
            }
            """, new[] { new[] { "bar", bar }, ["donut", donut], ["heat", heatmap], ["timeline", timeline] });

        // The raw text, once: not as markup, and not escaped twice ("&lt;").
        async Task ShowsLiterally(ILocator where)
        {
            await Assertions.Expect(where).ToContainTextAsync(Hostile);
            Assert.DoesNotContain("&lt;", await where.TextContentAsync(), StringComparison.Ordinal);
        }

        await page.Locator("#bar .apexcharts-bar-area").First.HoverAsync();
        await ShowsLiterally(page.Locator("#bar .apexcharts-tooltip"));
        await ShowsLiterally(page.Locator("#bar .apexcharts-legend"));
        await ShowsLiterally(page.Locator("#bar .apexcharts-xaxis-label").First);

        // The middle of a slice's box lies in the donut's hole: point at the ring, right of the centre,
        // where the first slice (drawn clockwise from the top over 5/7 of the circle) is.
        var ring = await page.EvaluateAsync<double[]>("""
            () => {
                const boxes = [...document.querySelectorAll('#donut .apexcharts-pie-area')].map(p => p.getBoundingClientRect());
                const left = Math.min(...boxes.map(b => b.left)), right = Math.max(...boxes.map(b => b.right));
                const top = Math.min(...boxes.map(b => b.top)), bottom = Math.max(...boxes.map(b => b.bottom));
                return [(left + right) / 2 + (right - left) / 2 * 0.82, (top + bottom) / 2];
            }
            """);
        await page.Mouse.MoveAsync((float)ring[0], (float)ring[1]);
        await ShowsLiterally(page.Locator("#donut .apexcharts-tooltip"));
        await ShowsLiterally(page.Locator("#donut .apexcharts-legend"));

        await page.Locator("#heat .apexcharts-heatmap-rect").First.HoverAsync();
        await ShowsLiterally(page.Locator("#heat .apexcharts-tooltip"));

        await page.Locator("#timeline .apexcharts-rangebar-area").First.HoverAsync();
        var timelineTip = page.Locator("#timeline .apexcharts-tooltip");
        await ShowsLiterally(timelineTip);
        await Assertions.Expect(timelineTip).ToContainTextAsync("0:05");

        foreach (var id in new[] { "bar", "donut", "heat", "timeline" })
        {
            Assert.Equal(0, await page.Locator($"#{id} img").CountAsync());
            Assert.Equal(0, await page.Locator($"#{id} .apexcharts-tooltip b, #{id} .apexcharts-legend b").CountAsync());
        }
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
