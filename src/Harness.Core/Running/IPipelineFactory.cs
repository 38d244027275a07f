using Harness.Core.Data;
using Harness.Core.Suites;

namespace Harness.Core.Running;

/// <summary>Builds a suite's pipelines (loading models once, building or reusing indexes) for one run.</summary>
public interface IPipelineFactory
{
    Task<PipelineSet> CreateAsync(SuiteDefinition suite, Dataset dataset, RunOptions options, CancellationToken cancellationToken);
}
