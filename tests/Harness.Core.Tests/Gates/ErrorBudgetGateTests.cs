using Harness.Core.Gates;
using Harness.Core.Metrics;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

public sealed class ErrorBudgetGateTests
{
    private static RunBuilder FiftyCases() => new RunBuilder().Values("rag", RunBuilder.Recall, Enumerable.Repeat(1.0, 50));

    [Test]
    public void OneErrorInFiftyFitsATwoPercentBudget()
    {
        var run = FiftyCases().Error("rag", "c010", "timeout").Build();

        var result = ErrorBudgetGate.Evaluate("smoke / errors ≤ 2%", run, 0.02);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Pass));
            Assert.That(result.Value, Is.EqualTo(0.02));
        });
    }

    [Test]
    public void TwoErrorsInFiftyExceedATwoPercentBudget()
    {
        var run = FiftyCases()
            .Error("rag", "c010", "timeout")
            .Value("rag", "c020", MetricValue.Error("recall@5", "bad ids"))
            .Build();

        var result = ErrorBudgetGate.Evaluate("smoke / errors ≤ 2%", run, 0.02);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(GateVerdict.Fail));
            // Clopper–Pearson for 2 of 50: P(X ≥ 2 | p) = 0.025 at p = 0.004881 and P(X ≤ 2 | p) = 0.025 at p = 0.137138
            // (bisection on the hand-written binomial sums), shown to 0.1%.
            Assert.That(result.Message, Is.EqualTo(
                "2 of 50 case results in error (4.0%; Clopper–Pearson 95% CI of the error rate [0.5%, 13.7%]), budget 2.0% → fail. First: rag / c010 (fixture.jsonl:11): timeout."));
            Assert.That(result.CiLow, Is.EqualTo(0.004881).Within(1e-5));
            Assert.That(result.CiHigh, Is.EqualTo(0.137138).Within(1e-5));
        });
    }
}
