using Harness.Core.Results;
using Harness.Reporting.Charts;
using Harness.Reporting.Decision;

namespace Harness.Reporting.Tests;

/// <summary>Every chart report.html shows for a run without history, in page order: the decision's, then the run's.</summary>
internal static class ReportCharts
{
    public static IReadOnlyList<ChartModel> Of(RunResult run) =>
    [
        .. RunDecision.Build(run) is { } decision ? DecisionCharts.Build(decision, RunCharts.Colors(run, [])) : [],
        .. RunCharts.Build(run),
    ];
}
