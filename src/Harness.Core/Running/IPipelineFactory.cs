using Harness.Core.Data;
using Harness.Core.Results;
using Harness.Core.Suites;

namespace Harness.Core.Running;

/// <summary>Builds a suite's pipelines (loading models once, building or reusing indexes) for one run.</summary>
public interface IPipelineFactory
{
    Task<PipelineSet> CreateAsync(SuiteDefinition suite, Dataset dataset, RunOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// The model files the suite's pipelines answer with (generators, the base of a model trained in the run, adapters,
    /// embedding models, remote servers) with their sha256, known before anything loads: part of the run's configuration.
    /// </summary>
    IReadOnlyList<ModelFileInfo> ModelFiles(SuiteDefinition suite);
}
