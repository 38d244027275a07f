using Harness.Core.Data;
using Harness.Core.Pipelines;

namespace Harness.Core.Metrics;

/// <summary>Everything a metric may look at for one case of one pipeline.</summary>
public sealed record MetricContext(
    EvalCase Case,
    PipelineOutput Output,
    bool PipelineRetrieves,
    Corpus Corpus,
    LabelMapping? LabelMapping);
