using System.Globalization;
using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Running;
using Harness.Core.Suites;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Retrieval;

namespace Harness.Metrics;

/// <summary>
/// Resolves a suite's <c>metrics:</c> list (families or single ids such as "recall@20") to one composite
/// metric. Every k the suite names, in its metrics or gates, is added to the default retrieval cut-offs.
/// Faithfulness judges claims with <paramref name="supportScorer"/> (lexical by default), which the run
/// records as <paramref name="scorerInfo"/> when the suite measures faithfulness or hallucination.
/// </summary>
public sealed class SuiteMetricProvider(ISupportScorer? supportScorer = null, SupportScorerInfo? scorerInfo = null) : IMetricProvider
{
    private readonly ISupportScorer _scorer = supportScorer ?? new LexicalSupportScorer();

    public SupportScorerInfo? SupportScorer(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var judges = suite.Metrics.Any(name => name is MetricFamilies.Faithfulness or MetricFamilies.Hallucination || KnownMetrics.IsJudgedBySupportScorer(name));
        return judges ? scorerInfo ?? new SupportScorerInfo(_scorer.Name, _scorer.Identity) : null;
    }

    public IMetric Resolve(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var named = suite.Metrics.Concat(suite.Gates.OfType<ThresholdGateDefinition>().Select(g => g.Metric))
            .Concat(suite.Gates.OfType<CompareGateDefinition>().Select(g => g.Metric))
            .ToArray();
        var cutoffs = RetrievalMetric.DefaultCutoffs
            .Concat(named.Select(CutoffOf).OfType<int>())
            .Distinct()
            .Order()
            .ToArray();
        var families = suite.Metrics.Select(name => KnownMetrics.IsFamily(name) ? name : KnownMetrics.FamilyOf(name) ?? name).Distinct();
        return DefaultMetrics.Create(_scorer, cutoffs).Resolve(families);
    }

    private static int? CutoffOf(string id)
    {
        var at = id.LastIndexOf('@');
        return at > 0 && int.TryParse(id[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0 ? k : null;
    }
}
