namespace Harness.Core.Pipelines;

/// <summary>The outcome of one case in one pipeline: an output, or the error that prevented one.</summary>
public sealed record PipelineResult(string CaseId, PipelineOutput? Output, string? Error)
{
    public static PipelineResult Success(string caseId, PipelineOutput output) => new(caseId, output, null);
    public static PipelineResult Failure(string caseId, string error) => new(caseId, null, error);
}
