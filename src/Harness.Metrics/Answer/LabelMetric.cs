using Harness.Core;
using Harness.Core.Metrics;

namespace Harness.Metrics.Answer;

/// <summary>
/// Label accuracy for classification datasets (ContractNLI, PubMedQA): the answer is mapped to a
/// label by the suite's <see cref="LabelMapping"/> and compared with the case's label (ignoring
/// case). An answer no rule maps is counted wrong and reported by <c>unmapped_rate</c> = 1. A case
/// without a label is inconclusive; a labelled case in a suite without a mapping is an error.
/// </summary>
public sealed class LabelMetric : IMetric
{
    public static readonly MetricDescriptor LabelAccuracy = KnownMetrics.Describe("label_accuracy");
    public static readonly MetricDescriptor UnmappedRate = KnownMetrics.Describe("unmapped_rate");

    private const int QuotedAnswerLength = 80;

    public string Name => KnownMetrics.Label.Name;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; } = [LabelAccuracy, UnmappedRate];

    public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(Evaluate(context));
    }

    private IReadOnlyList<MetricValue> Evaluate(MetricContext context)
    {
        var expected = context.Case.Label;
        if (string.IsNullOrWhiteSpace(expected))
        {
            return Descriptors.AllInconclusive("the case has no label");
        }
        if (context.LabelMapping is null)
        {
            return Descriptors.AllErrors("the suite declares no label mapping for a labelled dataset");
        }
        var mapped = context.LabelMapping.Map(context.Output.Answer);
        if (mapped is null)
        {
            var reason = $"no label rule matches the answer \"{Quote(context.Output.Answer)}\" (expected {expected})";
            return
            [
                MetricValue.Ok(LabelAccuracy.Id, 0.0).Explained(reason),
                MetricValue.Ok(UnmappedRate.Id, 1.0).Explained(reason),
            ];
        }
        var correct = string.Equals(mapped.Trim(), expected.Trim(), StringComparison.OrdinalIgnoreCase);
        return
        [
            MetricValue.Ok(LabelAccuracy.Id, correct ? 1.0 : 0.0).Explained($"mapped to {mapped}, expected {expected}"),
            MetricValue.Ok(UnmappedRate.Id, 0.0),
        ];
    }

    private static string Quote(string answer)
    {
        var oneLine = answer.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= QuotedAnswerLength ? oneLine : oneLine[..QuotedAnswerLength] + "…";
    }
}
