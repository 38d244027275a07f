using System.Globalization;
using Harness.Core;
using Harness.Core.Metrics;
using Harness.Core.Models;

namespace Harness.Metrics.Fluency;

/// <summary>
/// Fluency as the perplexity of the generated answer under a reference model (the suite's generator,
/// or <c>models.fluency</c>): exp(−(1/N)·Σ ln p(token_i | tokens before it)) over the answer's N tokens,
/// scored on its own, without the prompt. Lower is more fluent to that model; 1 is the minimum. An
/// empty answer is inconclusive.
/// </summary>
public sealed class PerplexityMetric(ITokenLogProbabilities model) : IMetric, IDisposable
{
    public static readonly MetricDescriptor Perplexity = KnownMetrics.Describe("perplexity");

    public string Name => KnownMetrics.Fluency.Name;

    public IReadOnlyList<MetricDescriptor> Descriptors { get; } = [Perplexity];

    public async ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var answer = context.Output.Answer.Trim();
        if (answer.Length == 0)
        {
            return [MetricValue.Inconclusive(Perplexity.Id, "the answer is empty")];
        }
        var logProbabilities = await model.ScoreAsync(answer, cancellationToken).ConfigureAwait(false);
        if (logProbabilities.Count == 0)
        {
            return [MetricValue.Inconclusive(Perplexity.Id, $"{model.Name} gives the answer no tokens")];
        }
        var perplexity = Math.Exp(-logProbabilities.Average());
        return [MetricValue.Ok(Perplexity.Id, perplexity).Explained(string.Create(CultureInfo.InvariantCulture, $"{logProbabilities.Count} tokens under {model.Name}"))];
    }

    /// <summary>The metric owns its model: it was loaded for this run.</summary>
    public void Dispose() => (model as IDisposable)?.Dispose();
}
