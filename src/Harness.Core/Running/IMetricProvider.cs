using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Suites;

namespace Harness.Core.Running;

/// <summary>
/// Resolves a suite's metric list (families and ids) to the one composite metric a run applies to each
/// case. The corpus is there for metrics that need it (a corpus-trained embedder); a metric that holds
/// resources (a loaded model) is <see cref="IDisposable"/>, and the run disposes it when it ends.
/// </summary>
public interface IMetricProvider
{
    IMetric Resolve(SuiteDefinition suite, Corpus corpus);

    /// <summary>The support scorer the resolved metric judges claims with, for the run record; null when none.</summary>
    SupportScorerInfo? SupportScorer(SuiteDefinition suite) => null;

    /// <summary>The sources of the typed context items the resolved metrics read (<see cref="MetricContext.Items"/>); none by default.</summary>
    IReadOnlyList<IMetricContextSource> ContextSources(SuiteDefinition suite, Corpus corpus) => [];
}
