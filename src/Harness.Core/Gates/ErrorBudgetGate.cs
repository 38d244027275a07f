using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Statistics;
using System.Globalization;

namespace Harness.Core.Gates;

/// <summary><c>{ error_budget: 0.02 }</c>: at most this share of case results may be in error (<see cref="ErrorBudgetGate"/>).</summary>
public sealed record ErrorBudgetGateDefinition(double MaxErrorRate) : GateDefinition
{
    public static ErrorBudgetGateDefinition? Read(GateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var map = reader.Map;
        var budget = map.Double("error_budget");
        if (budget is < 0 or > 1)
        {
            map.Report(map.Get("error_budget")!, $"'error_budget' is a share of cases between 0 and 1, got {budget}");
            return null;
        }
        return budget is null ? null : new ErrorBudgetGateDefinition(budget.Value);
    }

    public override string Name(string suite) => GateNames.ErrorBudget(suite, MaxErrorRate);

    public override IEnumerable<PairedCheck> Evaluate(GateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [PairedCheck.Decided(ErrorBudgetGate.Evaluate(context.Name, context.Run, MaxErrorRate))];
    }
}

/// <summary>
/// The suite's error budget (<c>error_budget: 0.02</c>): a case result (case × pipeline) is in error
/// when its pipeline failed or any of its metrics is in error; the gate passes when the share of
/// such results is at most the budget. It is a count, not an estimate, so it has no CI.
/// </summary>
public static class ErrorBudgetGate
{
    public static GateResult Evaluate(string name, RunResult run, double budget)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (budget is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(budget), budget, "An error budget is a share between 0 and 1.");
        }
        var template = new GateResult(name, GateVerdict.Inconclusive, "") { Kind = GateKind.ErrorBudget, Threshold = budget };
        var total = run.Results.Count;
        if (total == 0)
        {
            return template with { Message = "the run has no case results to count errors in", InconclusiveReason = InconclusiveReasons.NoUsableValues };
        }
        var errors = run.Results.Where(r => r.Error is not null || r.Metrics.Any(m => m.Status == ValueStatus.Error)).ToArray();
        var rate = (double)errors.Length / total;
        // A budget counts the errors that happened, so the observed rate decides; the interval says what rate they suggest.
        var verdict = rate <= budget ? GateVerdict.Pass : GateVerdict.Fail;
        var ci = ProportionInterval.ClopperPearson(errors.Length, total)!.Value;
        var first = errors.Length > 0
            ? $" First: {errors[0].Pipeline} / {GateText.CaseLabel(run, errors[0].CaseId)}: {Reason(errors[0])}."
            : "";
        return template with
        {
            Verdict = verdict,
            Value = rate,
            CiLow = ci.Low,
            CiHigh = ci.High,
            N = total,
            WorstCase = errors.Length > 0 ? GateText.CaseLabel(run, errors[0].CaseId) : null,
            Message = string.Create(CultureInfo.InvariantCulture,
                $"{errors.Length} of {total} case results in error ({rate:0.0%}; Clopper–Pearson 95% CI of the error rate [{ci.Low:0.0%}, {ci.High:0.0%}]), budget {budget:0.0#%} → {GateText.Verdict(verdict)}.{first}"),
        };
    }

    private static string Reason(CaseResult result)
    {
        if (result.Error is not null)
        {
            return result.Error;
        }
        var metric = result.Metrics.First(m => m.Status == ValueStatus.Error);
        return $"{metric.MetricId}: {metric.Diagnostic ?? "no reason given"}";
    }
}
