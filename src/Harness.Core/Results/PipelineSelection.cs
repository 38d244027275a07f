using Harness.Core.Statistics;

namespace Harness.Core.Results;

/// <summary>
/// How the pipeline that ran on the evaluated split was chosen among the variants of a swept pipeline: on the dev split,
/// by the headline metric. Reports name the chosen variant beside the pipeline; a pipeline without a sweep has none.
/// </summary>
/// <param name="Swept">The suite's pipeline whose <c>sweep:</c> gave the variants.</param>
/// <param name="Variant">What sets the chosen variant apart, as the report shows it ("top_k=5", "epochs=2").</param>
/// <param name="Candidates">How many variants ran on the dev split.</param>
/// <param name="DevScore">The chosen variant's headline metric on the dev split, with its 95% CI.</param>
public sealed record PipelineSelection(string Swept, string Variant, int Candidates, ConfidenceInterval? DevScore);
