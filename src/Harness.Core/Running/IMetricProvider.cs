using Harness.Core.Metrics;
using Harness.Core.Results;
using Harness.Core.Suites;

namespace Harness.Core.Running;

/// <summary>Resolves a suite's metric list (families and ids) to the one composite metric a run applies to each case.</summary>
public interface IMetricProvider
{
    IMetric Resolve(SuiteDefinition suite);

    /// <summary>The support scorer the resolved metric judges claims with, for the run record; null when none.</summary>
    SupportScorerInfo? SupportScorer(SuiteDefinition suite) => null;
}
