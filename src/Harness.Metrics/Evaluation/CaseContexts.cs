using Harness.Core.Data;
using Harness.Core.Pipelines;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Metrics.Evaluation;

/// <summary>
/// The passages an answer rests on, ranked as the retriever returned them: each passage is one
/// <see cref="TextContent"/> for evaluators that read text, and <see cref="Passages"/> keeps their ids and ranks.
/// </summary>
public sealed class RetrievedPassagesContext(IReadOnlyList<RetrievedPassage> passages)
    : EvaluationContext(ContextName, [.. passages.Select(p => new TextContent(p.Passage.Text))])
{
    public const string ContextName = "Retrieved passages";

    /// <summary>Passages in rank order (rank 1 first), e.g. from another retriever than the harness's.</summary>
    public RetrievedPassagesContext(IEnumerable<Passage> passages)
        : this([.. passages.Select((passage, index) => new RetrievedPassage(passage, 0, index + 1))])
    {
    }

    public IReadOnlyList<RetrievedPassage> Passages { get; } = passages;

    /// <summary>Passages given only as text, in rank order, each its own document ("p1", "p2", …).</summary>
    public static RetrievedPassagesContext FromTexts(params string[] texts) =>
        new(texts.Select((text, index) => new Passage($"p{index + 1}", $"p{index + 1}", 0, text.Length, text)));
}

/// <summary>The reference answers of a case, one <see cref="TextContent"/> each.</summary>
public sealed class GoldAnswersContext(IReadOnlyList<string> answers)
    : EvaluationContext(ContextName, [.. answers.Select(a => new TextContent(a))])
{
    public const string ContextName = "Gold answers";

    public IReadOnlyList<string> Answers { get; } = answers;
}

/// <summary>
/// The whole case and pipeline output as a harness run holds them (gold evidence spans, label, timings,
/// tokens): what the families that read more than question, answer, passages and references need. A run
/// passes it to every evaluator beside the text contexts; its text is the case's id and source.
/// </summary>
public sealed class HarnessCaseContext(EvalCase evalCase, PipelineOutput output, bool pipelineRetrieves)
    : EvaluationContext(ContextName, $"case {evalCase.Id}{(evalCase.Source is { } source ? $" ({source})" : "")}")
{
    public const string ContextName = "Harness case";

    public EvalCase Case { get; } = evalCase;

    public PipelineOutput Output { get; } = output;

    /// <summary>Whether the pipeline retrieves (retrieval metrics apply; faithfulness of an empty context is unsupported, not inconclusive).</summary>
    public bool PipelineRetrieves { get; } = pipelineRetrieves;
}
