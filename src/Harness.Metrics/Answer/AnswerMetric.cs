using Harness.Core;
using Harness.Core.Metrics;

namespace Harness.Metrics.Answer;

/// <summary>
/// Answer quality against the case's reference answers: exact match and token F1 (SQuAD normalisation,
/// maximum over references), ROUGE-L as rouge-score computes it, sacreBLEU's sentence BLEU per case and
/// corpus BLEU per pipeline (0–1 scale). A case without a reference answer is inconclusive.
/// </summary>
public sealed class AnswerMetric : IMetric, ICorpusMetric
{
    public static readonly MetricDescriptor ExactMatch = KnownMetrics.Describe("exact_match");
    public static readonly MetricDescriptor TokenF1 = KnownMetrics.Describe("token_f1");
    public static readonly MetricDescriptor RougeLScore = KnownMetrics.Describe("rouge_l");
    public static readonly MetricDescriptor BleuScore = KnownMetrics.Describe("bleu");
    public static readonly MetricDescriptor CorpusBleu = KnownMetrics.Describe("corpus_bleu");

    public string Name => KnownMetrics.Answer.Name;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; } = [ExactMatch, TokenF1, RougeLScore, BleuScore];

    public IReadOnlyList<MetricDescriptor> CorpusDescriptors { get; } = [CorpusBleu];

    public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var references = References(context);
        if (references.Count == 0)
        {
            return ValueTask.FromResult<IReadOnlyList<MetricValue>>(Descriptors.AllInconclusive("the case has no reference answer"));
        }
        var answer = context.Output.Answer;
        return ValueTask.FromResult<IReadOnlyList<MetricValue>>(
        [
            MetricValue.Ok(ExactMatch.Id, SquadScores.ExactMatch(answer, references)),
            MetricValue.Ok(TokenF1.Id, SquadScores.TokenF1(answer, references)),
            MetricValue.Ok(RougeLScore.Id, RougeL.Score(answer, references)),
            MetricValue.Ok(BleuScore.Id, Bleu.Sentence(answer, references)),
        ]);
    }

    public ValueTask<IReadOnlyList<MetricValue>> EvaluateCorpusAsync(IReadOnlyList<MetricContext> contexts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        var statistics = contexts
            .Select(context => (context, references: References(context)))
            .Where(pair => pair.references.Count > 0)
            .Select(pair => Bleu.Statistics(pair.context.Output.Answer, pair.references))
            .ToArray();
        MetricValue value = statistics.Length == 0
            ? MetricValue.Inconclusive(CorpusBleu.Id, "no case has a reference answer")
            : MetricValue.Ok(CorpusBleu.Id, Bleu.Corpus(statistics))
                .Explained($"{statistics.Length} of {contexts.Count} cases have a reference answer");
        return ValueTask.FromResult<IReadOnlyList<MetricValue>>([value]);
    }

    internal static IReadOnlyList<string> References(MetricContext context) =>
        context.Case.References.Where(reference => !string.IsNullOrWhiteSpace(reference)).ToArray();
}
