using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Numerics;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Relevance;

/// <summary>
/// Relevance by sentence embeddings (any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>; the
/// suite's <c>models.embedder</c>):
/// <list type="bullet">
/// <item><c>semantic_similarity</c>: cosine of the answer's and the reference's embeddings, the best over
/// references — the bi-encoder form of SAS (Risch et al. 2021).</item>
/// <item><c>answer_relevance</c>: cosine of the question's and the answer's embeddings — how much the
/// answer is about what was asked (the embedding core of RAGAS answer relevancy, without its generated questions).</item>
/// </list>
/// An empty answer is inconclusive for both; a case without a reference for semantic_similarity.
/// </summary>
public sealed class RelevanceMetric(IEmbeddingGenerator<string, Embedding<float>> embedder) : IMetric, IDisposable
{
    public static readonly MetricDescriptor SemanticSimilarity = KnownMetrics.Describe("semantic_similarity");
    public static readonly MetricDescriptor AnswerRelevance = KnownMetrics.Describe("answer_relevance");

    public string Name => KnownMetrics.Relevance.Name;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; } = [SemanticSimilarity, AnswerRelevance];

    public async ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answer = context.Output.Answer.Trim();
        if (answer.Length == 0)
        {
            return Descriptors.AllInconclusive("the answer is empty");
        }
        var references = context.Case.References.Where(r => !string.IsNullOrWhiteSpace(r)).ToArray();
        var embeddings = await embedder.GenerateAsync([answer, context.Case.Question, .. references], cancellationToken: cancellationToken).ConfigureAwait(false);
        var answerVector = embeddings[0].Vector;
        var similarity = references.Length == 0
            ? MetricValue.Inconclusive(SemanticSimilarity.Id, "the case has no reference answer")
            : MetricValue.Ok(SemanticSimilarity.Id, Enumerable.Range(2, references.Length).Max(i => Cosine(answerVector.Span, embeddings[i].Vector.Span)));
        return [similarity, MetricValue.Ok(AnswerRelevance.Id, Cosine(embeddings[1].Vector.Span, answerVector.Span))];
    }

    /// <summary>The metric owns its embedder: it was made for this run.</summary>
    public void Dispose() => embedder.Dispose();

    /// <summary>Cosine similarity; 0 when either vector is all zeros (an embedder's "nothing known"). A recorded score: summed in a fixed order.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => FixedOrder.Cosine(a, b);
}
