using Harness.Core.Baselines;
using Harness.Core.Gates;
using Harness.Core.Results;
using Harness.Core.Tests.Gates;
using NUnit.Framework;

namespace Harness.Core.Tests.Baselines;

public sealed class RunComparisonTests
{
    private static IEnumerable<double> Cycle(int n, params double[] pattern) => Enumerable.Range(0, n).Select(i => pattern[i % pattern.Length]);

    private static RunBuilder Base() => new RunBuilder()
        .Values("rag", RunBuilder.Recall, Cycle(40, 1, 1, 0.5, 1))
        .Values("rag", RunBuilder.TokenF1, Cycle(40, 0.5, 0.6))
        .Values("rag", RunBuilder.Latency, Cycle(40, 100, 120));

    private static IReadOnlyList<ComparisonRow> Compare(RunResult a, RunResult b, bool force = false) =>
        RunComparison.Compare(a, b, 0.02, GateOptions.Default with { Force = force });

    [Test]
    public void EveryPipelineAndMetricBothRunsHaveGetsARow()
    {
        var run = Base().Build();

        var rows = Compare(run, run);

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.Metric, r.Pipeline)), Is.EqualTo(new[] { ("recall@5", "rag"), ("token_f1", "rag"), ("latency_ms", "rag") }));
            Assert.That(rows.Select(r => r.Verdict), Is.All.EqualTo(ComparisonVerdict.NonInferior));
        });
    }

    [Test]
    public void ADropIsRegressedAndARiseImprovedEachInItsMetricsDirection()
    {
        var a = Base().Build();
        var b = new RunBuilder()
            .Values("rag", RunBuilder.Recall, Cycle(40, 0.2, 0, 0.4, 0))
            .Values("rag", RunBuilder.TokenF1, Cycle(40, 0.9, 1.0))
            .Values("rag", RunBuilder.Latency, Cycle(40, 60, 70))
            .Build();

        var rows = Compare(a, b).ToDictionary(r => r.Metric);

        Assert.Multiple(() =>
        {
            Assert.That(rows["recall@5"].Verdict, Is.EqualTo(ComparisonVerdict.Regressed));
            Assert.That(rows["recall@5"].Difference!.Value.Estimate, Is.EqualTo(0.15 - 0.875).Within(1e-12));
            Assert.That(rows["recall@5"].MeanA, Is.EqualTo(0.875).Within(1e-12));
            Assert.That(rows["recall@5"].AdjustedPValue, Is.GreaterThanOrEqualTo(rows["recall@5"].PValue!.Value));
            Assert.That(rows["token_f1"].Verdict, Is.EqualTo(ComparisonVerdict.Improved));
            Assert.That(rows["latency_ms"].Verdict, Is.EqualTo(ComparisonVerdict.Improved));
        });
    }

    [Test]
    public void CasesInErrorInRunBAreShownAsErrors()
    {
        var rows = Compare(Base().Build(), Base().Error("rag", "c004", "crash").Build());

        Assert.That(rows.Select(r => r.Verdict), Is.All.EqualTo(ComparisonVerdict.Error));
    }

    [Test]
    public void RunsOfDifferentModelsAreRefusedUnlessForced()
    {
        var a = Base().Build();
        var b = Base().ModelSha("bb00").Build();

        Assert.Multiple(() =>
        {
            Assert.That(() => Compare(a, b), Throws.InstanceOf<IncompatibleRunsException>()
                .With.Message.EqualTo("the runs are not comparable: model hash differs for generator stories260K: aa11 in smoke-run vs bb00 in smoke-run (use --force to compare anyway)"));
            Assert.That(Compare(a, b, force: true), Has.Count.EqualTo(3));
        });
    }
}
