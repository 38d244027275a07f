using System.Text;
using System.Text.RegularExpressions;
using Harness.Core.Data;
using Harness.Core.Suites;

namespace Harness.Pipelines.Prompts;

/// <summary>
/// Fills a suite's prompt template ({question}, {context}, {history}) and keeps the prompt inside the
/// model's context by the declared rule: the lowest-ranked passages are dropped first, and a prompt that
/// still does not fit is refused (the case errors) rather than silently cut mid-question.
/// </summary>
public sealed partial class PromptBuilder(string template, Func<string, int> countTokens, int? contextLength, int answerTokens, Func<string, string>? format = null)
{
    public const string DefaultClosedBookTemplate = "Question: {question}\nAnswer:";

    public const string DefaultRagTemplate = "Context:\n{context}\n\nQuestion: {question}\nAnswer:";

    /// <summary>The template a pipeline answers with, and a fine-tuned one trains on: its own, else the default for whether it retrieves.</summary>
    public static string TemplateOf(PipelineDefinition pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.Prompt?.Template ?? (pipeline.Retriever is null ? DefaultClosedBookTemplate : DefaultRagTemplate);
    }

    /// <summary>The prompt and the passages it actually contains (after any that had to be dropped).</summary>
    public PromptBuildResult Build(EvalCase evalCase, IReadOnlyList<Passage> passages)
    {
        for (var kept = passages.Count; kept >= 0; kept--)
        {
            // The formatted text is what the model sees, so it is what must fit (chat templates add tokens).
            var prompt = format is null ? Fill(evalCase, passages.Take(kept)) : format(Fill(evalCase, passages.Take(kept)));
            if (Fits(prompt))
            {
                return new PromptBuildResult(prompt, passages.Take(kept).ToArray(), passages.Count - kept);
            }
            if (!template.Contains("{context}", StringComparison.Ordinal))
            {
                break;
            }
        }
        var bare = Fill(evalCase, []);
        var bareTokens = countTokens(format is null ? bare : format(bare));
        throw new PromptTooLongException(
            $"the prompt for case '{evalCase.Id}' is {bareTokens} tokens without retrieved passages; with {answerTokens} for the answer " +
            $"it needs {bareTokens + answerTokens} of the model's context of {contextLength} tokens - shorten the question or template, lower max_tokens, or use a model with a longer context");
    }

    private bool Fits(string prompt) => contextLength is not { } limit || countTokens(prompt) + answerTokens <= limit;

    private string Fill(EvalCase evalCase, IEnumerable<Passage> passages)
    {
        // Numbered from 1 in the order kept, so an answer can cite "[2]" and the traceability metrics find the passage.
        var context = new StringBuilder();
        var number = 0;
        foreach (var passage in passages)
        {
            context.Append('[').Append(++number).Append("] ").Append(passage.Text.Trim()).Append('\n');
        }
        var history = string.Join('\n', evalCase.History.Select(turn => $"{turn.Role}: {turn.Text}"));
        // One pass, so placeholder-like text inside a passage or question is never expanded.
        return Placeholder().Replace(template, match => match.Groups[1].Value switch
        {
            "question" => evalCase.Question,
            "context" => context.ToString().TrimEnd(),
            _ => history,
        });
    }

    [GeneratedRegex(@"\{(question|context|history)\}")]
    private static partial Regex Placeholder();
}

/// <summary>A filled prompt, the passages it contains, and how many retrieved passages did not fit.</summary>
public sealed record PromptBuildResult(string Prompt, IReadOnlyList<Passage> Passages, int DroppedPassages);

/// <summary>A prompt cannot fit the model's context even with every droppable part removed.</summary>
public sealed class PromptTooLongException(string message) : Exception(message);
