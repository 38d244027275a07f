using Harness.Core.Metrics;
using Harness.Core.Suites;

namespace Harness.Core.Running;

/// <summary>Resolves a suite's metric list (families and ids) to the one composite metric a run applies to each case.</summary>
public interface IMetricProvider
{
    IMetric Resolve(SuiteDefinition suite);
}
