using System.Globalization;
using Harness.Core;
using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Text;
using Harness.Metrics.Faithfulness;

namespace Harness.Metrics.Traceability;

/// <summary>
/// Whether a retrieval pipeline's answer says where each claim comes from. The prompt numbers its
/// passages ([1], [2], …); the answer is split into claims (sentences) and each claim's citations are
/// parsed (<see cref="CitationMarkers"/>). In the spirit of ALCE (Gao et al. 2023):
/// <list type="bullet">
/// <item><c>citation_precision</c>: of the (claim, cited passage) pairs, the share whose passage supports
/// the claim by the suite's support scorer (a number with no passage counts as unsupported); inconclusive without citations.</item>
/// <item><c>citation_recall</c>: the share of the case's gold evidence units covered by a cited passage;
/// inconclusive without gold evidence.</item>
/// <item><c>uncited_claim_rate</c>: the share of claims that cite nothing; inconclusive without claims.</item>
/// </list>
/// Pipelines that do not retrieve show no numbered passages, so every value is inconclusive.
/// </summary>
public sealed class TraceabilityMetric(ISupportScorer scorer) : IMetric
{
    public static readonly MetricDescriptor CitationPrecision = KnownMetrics.Describe("citation_precision");
    public static readonly MetricDescriptor CitationRecall = KnownMetrics.Describe("citation_recall");
    public static readonly MetricDescriptor UncitedClaimRate = KnownMetrics.Describe("uncited_claim_rate");

    public string Name => KnownMetrics.Traceability.Name;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; } = [CitationPrecision, CitationRecall, UncitedClaimRate];

    public async ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.PipelineRetrieves)
        {
            return Descriptors.AllInconclusive("the pipeline shows no numbered passages to cite");
        }
        var passages = context.Output.Context;
        var claims = ClaimSplitter.Split(context.Output.Answer).Claims;
        if (claims.Count == 0)
        {
            return Descriptors.AllInconclusive("the answer has no claims");
        }
        var cited = claims.Select(claim => (Claim: CitationMarkers.Strip(claim), Numbers: CitationMarkers.Numbers(claim))).ToArray();
        var uncited = cited.Count(c => c.Numbers.Count == 0);
        var values = new List<MetricValue>
        {
            await PrecisionAsync(cited, passages, cancellationToken).ConfigureAwait(false),
            Recall(context, cited.SelectMany(c => c.Numbers).Distinct().ToArray(), passages),
            MetricValue.Ok(UncitedClaimRate.Id, (double)uncited / claims.Count).Explained($"{uncited} of {claims.Count} claims cite no passage"),
        };
        return values;
    }

    private async ValueTask<MetricValue> PrecisionAsync((string Claim, IReadOnlyList<int> Numbers)[] cited, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        var pairs = 0;
        var supported = 0;
        foreach (var (claim, numbers) in cited)
        {
            foreach (var number in numbers)
            {
                pairs++;
                if (number < 1 || number > passages.Count)
                {
                    continue;
                }
                var verdict = await scorer.ScoreAsync(claim, [passages[number - 1]], cancellationToken).ConfigureAwait(false);
                if (verdict.Outcome == SupportOutcome.Error)
                {
                    return MetricValue.Error(CitationPrecision.Id, $"the {scorer.Name} scorer could not judge [{number}] for \"{claim}\": {verdict.Reason}");
                }
                supported += verdict.IsSupported ? 1 : 0;
            }
        }
        return pairs == 0
            ? MetricValue.Inconclusive(CitationPrecision.Id, "the answer cites no passage")
            : MetricValue.Ok(CitationPrecision.Id, (double)supported / pairs)
                .Explained(string.Create(CultureInfo.InvariantCulture, $"{supported} of {pairs} citations support their claim ({scorer.Name})"));
    }

    private static MetricValue Recall(MetricContext context, IReadOnlyList<int> numbers, IReadOnlyList<Passage> passages)
    {
        var units = context.Case.GoldSpans.Where(s => s.End > s.Start).Distinct().ToArray();
        if (units.Length == 0)
        {
            return MetricValue.Inconclusive(CitationRecall.Id, "the case has no gold evidence");
        }
        var citedPassages = numbers.Where(n => n >= 1 && n <= passages.Count).Select(n => passages[n - 1]).ToArray();
        var covered = units.Count(u => citedPassages.Any(p => p.Overlaps(u)));
        return MetricValue.Ok(CitationRecall.Id, (double)covered / units.Length)
            .Explained($"cited passages cover {covered} of {units.Length} gold units");
    }
}
