using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Tests.Gates;
using NUnit.Framework;

namespace Harness.Core.Tests.Running;

/// <summary>A family's per-pipeline figures come from the family's own implementation, not from code in the runner.</summary>
public sealed class RunAggregateTests
{
    [Test]
    public async Task AFamilysRunAggregatesJoinTheSummaryAndTheRunsMetrics()
    {
        var run = new RunBuilder().Values("rag", RunBuilder.TokenF1, [0.5, 1.0]).Build();

        var summarized = await SuiteRunner.SummarizeAsync(run, new CaseCountAggregate(), new MetricInputs(new Corpus([], []), null), CancellationToken.None);

        var row = summarized.Summary.Single(s => s.MetricId == "cases_answered");
        Assert.Multiple(() =>
        {
            // Two rag cases have values: the aggregate counts 2, one measurement without an interval.
            Assert.That((row.Pipeline, row.Mean, row.Interval), Is.EqualTo(("rag", (double?)2, MetricSummary.Measured)));
            Assert.That(summarized.Metrics.Select(m => m.Id), Does.Contain("cases_answered"));
            // The per-case mean is computed as before: (0.5 + 1.0) / 2 = 0.75.
            Assert.That(summarized.Summary.Single(s => s.MetricId == "token_f1").Mean, Is.EqualTo(0.75).Within(1e-12));
        });
    }

    /// <summary>A family whose only figure is per pipeline: how many of its cases have values.</summary>
    private sealed class CaseCountAggregate : IMetric, IRunAggregateMetric
    {
        private static readonly MetricDescriptor Answered = new("cases_answered", "Cases answered", "count", "cases", HigherIsBetter: true, Format: "0");

        public string Name => "count";

        public IReadOnlyList<MetricDescriptor> Descriptors => [];

        public IReadOnlyList<MetricDescriptor> AggregateDescriptors => [Answered];

        public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<MetricValue>>([]);

        public IReadOnlyList<MetricSummary> Aggregate(RunResult run) =>
        [
            .. run.Results.GroupBy(r => r.Pipeline).Select(g =>
                new MetricSummary(g.Key, Answered.Id, g.Count(), null, null, g.Count(), 0, 0) { Interval = MetricSummary.Measured }),
        ];
    }
}
