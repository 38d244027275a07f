using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Examples.Evaluators;

/// <summary>
/// How long the answer is: its word count, whether it lies within <see cref="MinimumWords"/>–<see cref="MaximumWords"/>,
/// and a verbosity class. No model: the same answer always gets the same metrics.
/// </summary>
public sealed class AnswerLengthEvaluator : IEvaluator
{
    public const string WordsMetricName = "Words";
    public const string WithinBoundsMetricName = "Within Bounds";
    public const string VerbosityMetricName = "Verbosity";

    public const int MinimumWords = 1;
    public const int MaximumWords = 30;

    public IReadOnlyCollection<string> EvaluationMetricNames => [WordsMetricName, WithinBoundsMetricName, VerbosityMetricName];

    public ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        var words = modelResponse.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var within = words is >= MinimumWords and <= MaximumWords;
        var bounds = new BooleanMetric(WithinBoundsMetricName, within, $"{words} words, bounds {MinimumWords}-{MaximumWords}")
        {
            Interpretation = new EvaluationMetricInterpretation(within ? EvaluationRating.Good : EvaluationRating.Unacceptable, failed: !within),
        };
        var verbosity = words < 3 ? "terse" : words <= MaximumWords ? "fitting" : "verbose";
        return ValueTask.FromResult(new EvaluationResult(
            new NumericMetric(WordsMetricName, words, "white-space separated words of the answer"),
            bounds,
            new StringMetric(VerbosityMetricName, verbosity, "terse below 3 words, verbose above the maximum")));
    }
}
