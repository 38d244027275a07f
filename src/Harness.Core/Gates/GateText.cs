using System.Globalization;
using Harness.Core.Results;
using Harness.Core.Statistics;

namespace Harness.Core.Gates;

/// <summary>The phrases gate messages share, written culture-invariantly.</summary>
internal static class GateText
{
    public static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Interval(ConfidenceInterval ci, string format) =>
        $"{Format(ci.Level * 100, "0.#")}% CI [{Format(ci.Low, format)}, {Format(ci.High, format)}]";

    /// <summary>"p = 0.0123", or "p &lt; 0.0001" rather than a row of zeros.</summary>
    public static string PValue(double p) => p < 0.0001 ? "p < 0.0001" : "p = " + Format(p, "0.0000");

    /// <summary>"c17 (covidqa.json:17)": the case id with where it came from, when the run knows.</summary>
    public static string CaseLabel(RunResult run, string caseId)
    {
        var source = run.Cases.FirstOrDefault(c => c.Id == caseId)?.Source;
        return source is null ? caseId : $"{caseId} ({source})";
    }

    /// <summary>The rule "an error never counts toward a pass", spelled out with the first errored case.</summary>
    public static string Errors(RunResult run, string what, IReadOnlyList<MetricSample> errors, int total) =>
        $"{errors.Count} of {total} cases of {what} are in error (first: {CaseLabel(run, errors[0].CaseId)}: {errors[0].Diagnostic ?? "no reason given"}); " +
        "a case in error never counts toward a pass, so the gate fails";

    /// <summary>What n cases (or, say, "labelled cases": <paramref name="cases"/>) can detect.</summary>
    public static string Detectable(int n, double mde, string format, string cases = "cases") =>
        mde == 0
            ? $"the {n} values do not vary, so the CI cannot say how large a change {n} {cases} would detect"
            : $"with {n} {cases} this gate can detect a difference of {Format(mde, format)}";

    /// <summary>What more cases (or <paramref name="cases"/>) would do for an undecided gate (<see cref="PowerAnalysis.CasesToDecide"/>); null when nothing meaningful can be said.</summary>
    public static string? Needed(int? required, double gap, string format, string cases = "cases") =>
        required is { } count ? $"about {count} {cases} would be needed to decide a gap of {Format(gap, format)}"
        : gap == 0 ? "the estimate sits on the boundary, so no number of cases decides it"
        : null;

    public static string Verdict(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => "pass",
        GateVerdict.Fail => "fail",
        _ => "inconclusive",
    };
}
