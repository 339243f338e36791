using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MiiTelDashboard.Components.Charts;

/// <summary>
/// The subset of ApexCharts options the dashboard uses, as records. Property names follow
/// apexcharts' own (camelCase on the wire); null properties are left out so apexcharts' defaults
/// apply. <see cref="ChartJson.Serialize"/> turns them into the JSON the JS module receives.
/// </summary>
public sealed record ChartSpec
{
    public ChartKind Kind { get; init; } = ChartKind.Line;
    public bool Stacked { get; init; }
    public IReadOnlyList<ChartSeries> Series { get; init; } = [];
    /// <summary>X categories for line/area/bar/radar; left out for points that carry their own x.</summary>
    public IReadOnlyList<string>? Categories { get; init; }
    public IReadOnlyList<string>? Colors { get; init; }
    /// <summary>How values are shown in axes, tooltips and labels; the browser formats them in its locale.</summary>
    public ValueFormat Format { get; init; } = ValueFormat.Number;
    public double? YMin { get; init; }
    public double? YMax { get; init; }
    public string? YTitle { get; init; }
    /// <summary>Shaded horizontal bands (e.g. a benchmark range) behind line/area/bar charts.</summary>
    public IReadOnlyList<ChartBand>? Bands { get; init; }
    public bool Horizontal { get; init; }
    public bool DataLabels { get; init; }
    public bool Legend { get; init; } = true;
    /// <summary>Heatmap colour scale from low to high; only the first colour is used when null.</summary>
    public IReadOnlyList<HeatmapRange>? HeatmapRanges { get; init; }
}

public enum ChartKind { Line, Area, Bar, Donut, Heatmap, Radar, RangeBar }

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The names are the formatter names the chart module reads (valueFormat: \"decimal\").")]
public enum ValueFormat { Number, Decimal, Percent, Duration }

/// <summary>One series. <see cref="Type"/> mixes kinds in one chart (e.g. a line over bars).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Data)
{
    public ChartKind? Type { get; init; }
    public string? Color { get; init; }

    public static ChartSeries Of(string name, IEnumerable<double?> values) =>
        new(name, values.Select(v => new ChartPoint(null, v)).ToArray());
}

/// <summary>
/// A value, a labelled value (heatmap cell, donut slice) or a range (rangeBar bar; <see cref="To"/> set).
/// A null <see cref="Y"/> is a gap, not a zero.
/// </summary>
public sealed record ChartPoint(string? X, double? Y)
{
    public double? To { get; init; }
    public string? FillColor { get; init; }
}

public sealed record ChartBand(double From, double To, string Label, string Color);

public sealed record HeatmapRange(double From, double To, string Color, string? Name = null);

/// <summary>The dedicated serializer for chart options: maps the records to apexcharts' option tree.</summary>
public static class ChartJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(ChartSpec o, bool dark, string? height = null) =>
        ToApex(o, dark, height).ToJsonString(Options);

    public static JsonObject ToApex(ChartSpec o, bool dark, string? height = null)
    {
        var type = ApexType(o.Kind);
        var circular = o.Kind is ChartKind.Donut;
        var root = new JsonObject
        {
            ["chart"] = new JsonObject
            {
                ["type"] = type,
                ["stacked"] = o.Stacked,
                ["height"] = height ?? "100%",
                ["background"] = "transparent",
                ["fontFamily"] = "inherit",
                ["toolbar"] = new JsonObject { ["show"] = false },
                ["zoom"] = new JsonObject { ["enabled"] = false },
                ["animations"] = new JsonObject { ["enabled"] = true, ["speed"] = 300 },
            },
            ["theme"] = new JsonObject { ["mode"] = dark ? "dark" : "light" },
            ["tooltip"] = new JsonObject { ["theme"] = dark ? "dark" : "light" },
            ["dataLabels"] = new JsonObject { ["enabled"] = o.DataLabels },
            ["legend"] = new JsonObject { ["show"] = o.Legend, ["position"] = circular ? "right" : "top" },
            ["grid"] = new JsonObject { ["borderColor"] = dark ? "#3a3f4b" : "#e6e8ef" },
            // Read by the JS module, which installs locale-aware formatters (functions cannot travel as JSON).
            ["valueFormat"] = o.Format.ToString().ToLowerInvariant(),
        };

        if (circular)
        {
            var slices = o.Series.Count > 0 ? o.Series[0].Data : [];
            root["series"] = new JsonArray(slices.Select(p => (JsonNode?)JsonValue.Create(p.Y ?? 0)).ToArray());
            root["labels"] = new JsonArray(slices.Select(p => (JsonNode?)JsonValue.Create(p.X ?? "")).ToArray());
        }
        else
        {
            root["series"] = new JsonArray(o.Series.Select(s => (JsonNode?)SeriesNode(s, o)).ToArray());
        }

        if (o.Colors is { Count: > 0 }) root["colors"] = new JsonArray(o.Colors.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());

        if (!circular)
        {
            var xaxis = new JsonObject();
            if (o.Categories is not null) xaxis["categories"] = new JsonArray(o.Categories.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
            if (o.Kind == ChartKind.RangeBar) xaxis["type"] = "numeric";
            root["xaxis"] = xaxis;

            var yaxis = new JsonObject();
            if (o.YMin is { } min) yaxis["min"] = min;
            if (o.YMax is { } max) yaxis["max"] = max;
            if (o.YTitle is not null) yaxis["title"] = new JsonObject { ["text"] = o.YTitle };
            root["yaxis"] = yaxis;
        }

        var plot = new JsonObject();
        if (o.Kind is ChartKind.Bar or ChartKind.RangeBar)
            plot["bar"] = new JsonObject { ["horizontal"] = o.Horizontal || o.Kind == ChartKind.RangeBar, ["borderRadius"] = 2, ["columnWidth"] = "70%" };
        if (o.Kind == ChartKind.Donut)
            plot["pie"] = new JsonObject { ["donut"] = new JsonObject { ["size"] = "65%" } };
        if (o.Kind == ChartKind.Heatmap)
        {
            var heat = new JsonObject { ["radius"] = 3, ["enableShades"] = o.HeatmapRanges is null, ["shadeIntensity"] = 0.6 };
            // Empty cells read as "nothing" in either mode instead of apexcharts' near-black/near-white.
            var ranges = o.HeatmapRanges ?? [new HeatmapRange(0, 0, dark ? "#262a3a" : "#eef0f5", "none")];
            heat["colorScale"] = new JsonObject
            {
                ["ranges"] = new JsonArray(ranges.Select(r => (JsonNode?)new JsonObject
                {
                    ["from"] = r.From, ["to"] = r.To, ["color"] = r.Color, ["name"] = r.Name,
                }).ToArray()),
            };
            plot["heatmap"] = heat;
        }
        if (plot.Count > 0) root["plotOptions"] = plot;

        if (o.Kind == ChartKind.Heatmap)
        {
            root["stroke"] = new JsonObject { ["width"] = 2, ["colors"] = new JsonArray(dark ? "#1a1d2b" : "#ffffff") };
            // apexcharts 4.x places a cursor-following heatmap tooltip at the mouse position of the
            // previous event, so a tap or a first move put it off the chart; beside the cell it always shows.
            root["tooltip"]!["followCursor"] = false;
        }
        if (o.Kind is ChartKind.Line or ChartKind.Area)
            // Monotone: smooth without overshooting below zero or past a real maximum.
            root["stroke"] = new JsonObject { ["curve"] = "monotoneCubic", ["width"] = 2 };
        // A day between two empty days is a lone point: without a marker it would be invisible.
        if (o.Kind is ChartKind.Line or ChartKind.Area)
            root["markers"] = new JsonObject { ["size"] = 3, ["strokeWidth"] = 0, ["hover"] = new JsonObject { ["size"] = 5 } };
        if (o.Kind == ChartKind.Area)
            root["fill"] = new JsonObject { ["type"] = "gradient", ["gradient"] = new JsonObject { ["opacityFrom"] = 0.35, ["opacityTo"] = 0.05 } };

        if (o.Bands is { Count: > 0 } bands)
        {
            root["annotations"] = new JsonObject
            {
                ["yaxis"] = new JsonArray(bands.Select(b => (JsonNode?)new JsonObject
                {
                    ["y"] = b.From,
                    ["y2"] = b.To,
                    ["fillColor"] = b.Color,
                    ["opacity"] = 0.18,
                    ["borderColor"] = b.Color,
                    ["label"] = new JsonObject
                    {
                        ["text"] = b.Label,
                        ["position"] = "left",
                        ["textAnchor"] = "start",
                        ["offsetX"] = 6,
                        ["borderColor"] = "transparent",
                        ["style"] = new JsonObject { ["background"] = "transparent", ["color"] = dark ? "#c9cdd6" : "#4b5262" },
                    },
                }).ToArray()),
            };
        }
        return root;
    }

    private static JsonObject SeriesNode(ChartSeries s, ChartSpec o)
    {
        var node = new JsonObject { ["name"] = s.Name };
        if (s.Type is { } t) node["type"] = ApexType(t);
        if (s.Color is not null) node["color"] = s.Color;
        var useCategories = o.Categories is not null;
        node["data"] = new JsonArray(s.Data.Select(p => PointNode(p, useCategories)).ToArray());
        return node;
    }

    private static JsonNode? PointNode(ChartPoint p, bool useCategories)
    {
        if (p.To is { } to)
        {
            var range = new JsonObject { ["x"] = p.X, ["y"] = new JsonArray(p.Y, to) };
            if (p.FillColor is not null) range["fillColor"] = p.FillColor;
            return range;
        }
        if (useCategories || p.X is null) return JsonValue.Create(p.Y);
        var point = new JsonObject { ["x"] = p.X, ["y"] = p.Y };
        if (p.FillColor is not null) point["fillColor"] = p.FillColor;
        return point;
    }

    private static string ApexType(ChartKind kind) => kind switch
    {
        ChartKind.Line => "line",
        ChartKind.Area => "area",
        ChartKind.Bar => "bar",
        ChartKind.Donut => "donut",
        ChartKind.Heatmap => "heatmap",
        ChartKind.Radar => "radar",
        ChartKind.RangeBar => "rangeBar",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
