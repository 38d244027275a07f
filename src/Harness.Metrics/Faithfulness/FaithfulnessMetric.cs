using System.Globalization;
using Harness.Core;
using Harness.Core.Metrics;
using Harness.Metrics.Answer;

namespace Harness.Metrics.Faithfulness;

/// <summary>
/// Faithfulness and hallucination from one set of claim verdicts (claims are scored once):
/// <list type="bullet">
/// <item><c>faithfulness</c> = supported claims / claims; <c>claim_hallucination_rate</c> = unsupported claims / claims.</item>
/// <item><c>hallucination_rate</c> = 1 when at least one claim is unsupported, else 0.</item>
/// <item><c>abstention</c> = 1 when the answer is empty or only abstains ("I don't know"); such an
/// answer has no claims, so every other value is inconclusive: it is never counted as faithful.</item>
/// <item>For closed-book pipelines, the RAGChecker split of an answer with an unsupported claim:
/// <c>unsupported_wrong_rate</c> when the answer is wrong (token F1 against the references below
/// <see cref="CorrectAnswerF1"/>, a hallucination) and <c>unsupported_correct_rate</c> when it is
/// right (knowledge the model brought). Inconclusive for pipelines that retrieve.</item>
/// </list>
/// The context is <c>PipelineOutput.Context</c>: the retrieved passages, or a closed-book answer's
/// gold evidence. A retrieving pipeline that retrieved nothing gave its answer no support, so each
/// claim is unsupported; a closed-book case without gold evidence cannot be judged (inconclusive).
/// On a classification dataset (the suite maps answers to labels) a sentence that only states a
/// label ("Entailment.", "Yes.") is not a claim; an answer that is nothing but a label is not
/// applicable for faithfulness and hallucination, while free text beyond the label is scored.
/// A claim the scorer cannot decide makes the ratios errors; the answer-level rate is still 1 when
/// another claim is unsupported. Every judged claim (verdict, score, reason, evidence window) rides
/// on the faithfulness value (<see cref="MetricValue.Claims"/>) into the store, cases.csv and the report.
/// </summary>
public sealed class FaithfulnessMetric : IMetric
{
    /// <summary>Token F1 against the references from which a closed-book answer counts as correct.</summary>
    public const double CorrectAnswerF1 = 0.5;

    public static readonly MetricDescriptor Faithfulness = KnownMetrics.Describe("faithfulness");
    public static readonly MetricDescriptor Abstention = KnownMetrics.Describe("abstention");
    public static readonly MetricDescriptor HallucinationRate = KnownMetrics.Describe("hallucination_rate");
    public static readonly MetricDescriptor ClaimHallucinationRate = KnownMetrics.Describe("claim_hallucination_rate");
    public static readonly MetricDescriptor UnsupportedWrongRate = KnownMetrics.Describe("unsupported_wrong_rate");
    public static readonly MetricDescriptor UnsupportedCorrectRate = KnownMetrics.Describe("unsupported_correct_rate");

    private const int ReportedClaims = 3;

    private readonly ISupportScorer _scorer;

    public FaithfulnessMetric(ISupportScorer scorer)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        _scorer = scorer;
    }

    public string Name => KnownMetrics.Faithfulness.Name;

    public ISupportScorer Scorer => _scorer;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; } =
        [Faithfulness, Abstention, HallucinationRate, ClaimHallucinationRate, UnsupportedWrongRate, UnsupportedCorrectRate];

    public async ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var split = ClaimSplitter.Split(context.Output.Answer);
        var abstention = MetricValue.Ok(Abstention.Id, split.Abstained ? 1.0 : 0.0);
        var judged = Descriptors.Where(descriptor => descriptor != Abstention).ToArray();
        var labels = context.LabelMapping is { } mapping ? LabelSentences.For(mapping) : null;
        var labelOnly = labels is null ? [] : split.Claims.Where(labels.IsOnlyLabel).ToArray();
        var claims = split.Claims.Except(labelOnly).ToArray();
        IReadOnlyList<ClaimJudgement> labelJudgements =
            [.. labelOnly.Select(claim => new ClaimJudgement(claim, ClaimVerdict.NotApplicable, null, "states only a label: not a claim to check"))];
        if (claims.Length == 0)
        {
            if (!split.Abstained && labels is not null && (labelOnly.Length > 0 || context.LabelMapping!.Map(context.Output.Answer) is not null))
            {
                var notApplicable = judged.Select(d => MetricValue.NotApplicable(d.Id, "the answer is only a label: faithfulness does not apply")).ToArray();
                notApplicable[0] = notApplicable[0] with { Claims = labelJudgements };
                return [abstention, .. notApplicable];
            }
            var reason = split.Abstained ? "the answer abstains: no claims" : "the answer has no checkable claim";
            return [abstention, .. judged.AllInconclusive(reason)];
        }
        if (context.Output.Context.Count == 0 && !context.PipelineRetrieves)
        {
            return [abstention, .. judged.AllInconclusive("no gold evidence to judge a closed-book answer against")];
        }
        var verdicts = new List<(string Claim, SupportVerdict Verdict)>(claims.Length);
        foreach (var claim in claims)
        {
            verdicts.Add((claim, context.Output.Context.Count == 0
                ? SupportVerdict.Unsupported(0, "nothing was retrieved: no passage supports the claim")
                : await _scorer.ScoreAsync(claim, context.Output.Context, cancellationToken).ConfigureAwait(false)));
        }
        var values = Score(context, verdicts).ToArray();
        values[0] = values[0] with { Claims = [.. verdicts.Select(v => Judgement(v.Claim, v.Verdict)), .. labelJudgements] };
        return [abstention, .. values];
    }

    private static ClaimJudgement Judgement(string claim, SupportVerdict verdict) =>
        new(claim, verdict.Outcome switch
        {
            SupportOutcome.Supported => ClaimVerdict.Supported,
            SupportOutcome.Unsupported => ClaimVerdict.Unsupported,
            _ => ClaimVerdict.Undecided,
        }, verdict.Outcome == SupportOutcome.Error ? null : verdict.Score, verdict.Reason)
        {
            EvidenceId = verdict.EvidenceId,
            Evidence = verdict.Evidence,
        };

    private IEnumerable<MetricValue> Score(MetricContext context, List<(string Claim, SupportVerdict Verdict)> verdicts)
    {
        var claims = verdicts.Count;
        var supported = verdicts.Count(v => v.Verdict.Outcome == SupportOutcome.Supported);
        var unsupported = verdicts.Where(v => v.Verdict.Outcome == SupportOutcome.Unsupported).ToArray();
        var failed = verdicts.Where(v => v.Verdict.Outcome == SupportOutcome.Error).ToArray();
        var failure = failed.Length == 0 ? null : $"{failed.Length} of {claims} claims could not be judged by {_scorer.Name}: {Describe(failed)}";
        var summary = $"{supported} of {claims} claims supported ({_scorer.Name})"
            + (unsupported.Length == 0 ? "" : $"; unsupported: {Describe(unsupported)}");

        yield return failure is null
            ? MetricValue.Ok(Faithfulness.Id, (double)supported / claims).Explained(summary)
            : MetricValue.Error(Faithfulness.Id, failure);
        yield return failure is null
            ? MetricValue.Ok(ClaimHallucinationRate.Id, (double)unsupported.Length / claims).Explained(summary)
            : MetricValue.Error(ClaimHallucinationRate.Id, failure);

        // One unsupported claim settles the answer-level rate even if another claim could not be judged.
        var hallucinated = unsupported.Length > 0;
        var answerFailure = hallucinated ? null : failure;
        yield return answerFailure is null
            ? MetricValue.Ok(HallucinationRate.Id, hallucinated ? 1.0 : 0.0).Explained(summary)
            : MetricValue.Error(HallucinationRate.Id, answerFailure);

        foreach (var value in RagCheckerSplit(context, hallucinated, answerFailure))
        {
            yield return value;
        }
    }

    private static IEnumerable<MetricValue> RagCheckerSplit(MetricContext context, bool hallucinated, string? failure)
    {
        MetricDescriptor[] split = [UnsupportedWrongRate, UnsupportedCorrectRate];
        if (context.PipelineRetrieves)
        {
            return split.AllInconclusive("only for closed-book pipelines: a retrieving pipeline's unsupported claims are not model knowledge");
        }
        var references = AnswerMetric.References(context);
        if (references.Count == 0)
        {
            return split.AllInconclusive("the case has no reference answer to tell a wrong answer from a correct one");
        }
        if (failure is not null)
        {
            return split.AllErrors(failure);
        }
        var f1 = SquadScores.TokenF1(context.Output.Answer, references);
        var wrong = f1 < CorrectAnswerF1;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"token F1 {f1:0.00} {(wrong ? "<" : "≥")} {CorrectAnswerF1:0.00}: the answer is {(wrong ? "wrong" : "correct")}");
        return
        [
            MetricValue.Ok(UnsupportedWrongRate.Id, hallucinated && wrong ? 1.0 : 0.0).Explained(reason),
            MetricValue.Ok(UnsupportedCorrectRate.Id, hallucinated && !wrong ? 1.0 : 0.0).Explained(reason),
        ];
    }

    private static string Describe(IReadOnlyList<(string Claim, SupportVerdict Verdict)> verdicts) =>
        string.Join("; ", verdicts.Take(ReportedClaims).Select(v => $"\"{v.Claim}\" ({v.Verdict.Reason})"))
        + (verdicts.Count > ReportedClaims ? $"; and {verdicts.Count - ReportedClaims} more" : "");
}
