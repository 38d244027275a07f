using Harness.Core.Suites;
using Harness.Reporting.Charts;
using Microsoft.Extensions.Logging;

namespace Harness.Reporting;

/// <summary>How <see cref="ReportWriter"/> writes a report; the defaults suit a run directory.</summary>
public sealed record ReportOptions
{
    /// <summary>The formats to write (<see cref="ReportFormats"/>); every one by default.</summary>
    public IReadOnlyList<string> Formats { get; init; } = ReportFormats.Names;

    /// <summary>Past runs' headline values for the trend chart (empty: no trend chart).</summary>
    public IReadOnlyList<HistoryPoint> History { get; init; } = [];

    /// <summary>False skips charts/*.svg and *.png (the HTML report still shows its charts).</summary>
    public bool RenderStaticCharts { get; init; } = true;

    /// <summary>PNG size relative to the SVG (2 = sharp on high-density screens).</summary>
    public double PngScale { get; init; } = 2;

    /// <summary>Where the one-line messages go (e.g. "charts were not rendered: run …"); they are also returned.</summary>
    public ILogger? Logger { get; init; }
}
