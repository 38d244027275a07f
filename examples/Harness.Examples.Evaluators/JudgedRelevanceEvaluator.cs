using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Examples.Evaluators;

/// <summary>
/// Asks the judge model of the <see cref="ChatConfiguration"/> whether the answer responds to the question, as yes or
/// no. The request carries a llama.cpp grammar (<c>"grammar"</c>) so a local judge can only answer yes or no; a server
/// that ignores it is read by the first word of its reply. Without a chat configuration the metric says so as an error.
/// </summary>
public sealed class JudgedRelevanceEvaluator : IEvaluator
{
    public const string RelevantMetricName = "Relevant";

    private static readonly ChatOptions YesOrNo = new()
    {
        MaxOutputTokens = 1,
        Temperature = 0,
        AdditionalProperties = new() { ["grammar"] = "root ::= \"yes\" | \"no\"" },
    };

    public IReadOnlyCollection<string> EvaluationMetricNames => [RelevantMetricName];

    public async ValueTask<EvaluationResult> EvaluateAsync(
        IEnumerable<ChatMessage> messages,
        ChatResponse modelResponse,
        ChatConfiguration? chatConfiguration = null,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelResponse);
        var metric = new BooleanMetric(RelevantMetricName);
        if (chatConfiguration is null)
        {
            metric.AddDiagnostics(EvaluationDiagnostic.Error("no chat configuration: this evaluator needs a judge model"));
            return new EvaluationResult(metric);
        }
        messages.TryGetUserRequest(out var question);
        var prompt = $"Question: {question?.Text}\nAnswer: {modelResponse.Text}\nDoes the answer respond to the question? Reply yes or no.";
        var reply = await chatConfiguration.ChatClient.GetResponseAsync(prompt, YesOrNo, cancellationToken).ConfigureAwait(false);
        var word = reply.Text.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant();
        metric.Value = word switch { "yes" => true, "no" => false, _ => null };
        metric.Reason = $"the judge replied '{reply.Text.Trim()}'";
        metric.Interpretation = metric.Value is { } relevant
            ? new EvaluationMetricInterpretation(relevant ? EvaluationRating.Good : EvaluationRating.Poor, failed: !relevant)
            : new EvaluationMetricInterpretation(EvaluationRating.Inconclusive, failed: false, "the reply is neither yes nor no");
        return new EvaluationResult(metric);
    }
}
