using Harness.Core.Data;
using Harness.Core.Pipelines;

namespace Harness.Pipelines;

/// <summary>
/// A pipeline that could not be built (its model could not be trained): every case is an error with the
/// reason, so the run reports it and counts it against the error budget while the other pipelines run.
/// </summary>
public sealed class FailedPipeline(string name, string kind, bool retrieves, string reason) : IPipeline
{
    public string Name { get; } = name;

    public string Kind { get; } = kind;

    public bool Retrieves { get; } = retrieves;

    public string Reason { get; } = reason;

    public Task<IReadOnlyList<PipelineResult>> AnswerAsync(IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return Task.FromResult<IReadOnlyList<PipelineResult>>([.. cases.Select(c => PipelineResult.Failure(c.Id, Reason))]);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
