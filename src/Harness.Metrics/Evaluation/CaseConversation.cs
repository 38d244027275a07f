using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;

namespace Harness.Metrics.Evaluation;

/// <summary>
/// One case as MEAI evaluation code sees it, and back: the dialogue history and the question as messages,
/// the answer as the response, and the case's data as <see cref="EvaluationContext"/>s. A run hands
/// evaluators <see cref="Of(MetricContext)"/>; <see cref="MetricEvaluator"/> rebuilds the case with <see cref="ToMetricContext"/>.
/// </summary>
public sealed record CaseConversation(IReadOnlyList<ChatMessage> Messages, ChatResponse Response, IReadOnlyList<EvaluationContext> Contexts)
{
    /// <summary>The case a run scores: history and question, answer, retrieved passages (when the pipeline retrieved some), gold answers and the whole case.</summary>
    public static CaseConversation Of(MetricContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var messages = context.Case.History.Select(turn => new ChatMessage(new ChatRole(turn.Role), turn.Text))
            .Append(new ChatMessage(ChatRole.User, context.Case.Question))
            .ToArray();
        List<EvaluationContext> contexts = [];
        if (context.Output.Retrieved.Count > 0)
        {
            contexts.Add(new RetrievedPassagesContext(context.Output.Retrieved));
        }
        contexts.Add(new GoldAnswersContext(context.Case.References));
        contexts.Add(new HarnessCaseContext(context.Case, context.Output, context.PipelineRetrieves));
        return new CaseConversation(messages, new ChatResponse(new ChatMessage(ChatRole.Assistant, context.Output.Answer)), contexts);
    }

    /// <summary>
    /// The harness case behind MEAI inputs: the question is the last user message, the answer the response's
    /// text; a <see cref="HarnessCaseContext"/> supplies everything else, otherwise the retrieved passages and the
    /// gold answers do (a case given only those is one whose pipeline retrieves when passages are given).
    /// </summary>
    public static MetricContext ToMetricContext(
        IEnumerable<ChatMessage> messages, ChatResponse response, IEnumerable<EvaluationContext>? contexts, LabelMapping? labels)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(response);
        var given = contexts?.ToArray() ?? [];
        var turns = messages.ToArray();
        var question = turns.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var retrieved = given.OfType<RetrievedPassagesContext>().FirstOrDefault();
        var gold = given.OfType<GoldAnswersContext>().FirstOrDefault();
        var whole = given.OfType<HarnessCaseContext>().FirstOrDefault();
        var evalCase = (whole?.Case ?? new EvalCase { Id = "meai", Question = question }) with
        {
            Question = question,
            References = gold?.Answers ?? whole?.Case.References ?? [],
        };
        var passages = retrieved?.Passages;
        var output = (whole?.Output ?? new PipelineOutput { Answer = "" }) with
        {
            Answer = response.Text,
            Retrieved = passages ?? whole?.Output.Retrieved ?? [],
            // The evidence of a closed-book answer is its gold passages, which only the whole case carries.
            Context = whole?.Output.Context ?? passages?.Select(p => p.Passage).ToArray() ?? [],
        };
        var corpus = new Corpus([], [.. output.Context.Concat(output.Retrieved.Select(r => r.Passage)).DistinctBy(p => p.Id)]);
        return new MetricContext(evalCase, output, whole?.PipelineRetrieves ?? passages is not null, corpus, labels);
    }
}
