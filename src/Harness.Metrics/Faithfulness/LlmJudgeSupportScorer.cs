using System.Text;
using Harness.Core.Data;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Faithfulness;

/// <summary>
/// Support judged by a chat model asked a yes/no question: is the claim fully supported by the
/// context? By default the reply is constrained by a GBNF grammar to "yes" or "no" (the
/// <c>grammar</c> option that Harness.Llama's chat client and llama.cpp's server read; clients that
/// do not know it ignore it). The reply is parsed strictly all the same: "yes" or "no" (any case, optionally with a final period
/// and surrounding white space); anything else is an error verdict, never a pass. The score is 1 for
/// yes and 0 for no (log-probabilities are not part of <see cref="IChatClient"/>'s contract). An
/// uncalibrated judge cannot fail a gate (DESIGN.md); calibration is measured separately.
/// </summary>
public sealed class LlmJudgeSupportScorer : ISupportScorer
{
    private const string Instructions =
        "You check whether a claim is supported by a context. Answer with exactly one word: yes if "
        + "everything the claim states is stated or directly implied by the context, no otherwise.";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a GBNF grammar.</summary>
    public const string GrammarProperty = "grammar";

    /// <summary>The grammar that lets the judge say nothing but yes or no.</summary>
    public const string YesNoGrammar = "root ::= \"yes\" | \"no\"";

    private const int QuotedReplyLength = 60;

    private readonly IChatClient _client;
    private readonly ChatOptions _options;

    /// <param name="client">The judge model.</param>
    /// <param name="options">Sampling options; by default temperature 0, at most 3 output tokens and the yes/no grammar.</param>
    public LlmJudgeSupportScorer(IChatClient client, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new ChatOptions
        {
            Temperature = 0,
            MaxOutputTokens = 3,
            AdditionalProperties = new() { [GrammarProperty] = YesNoGrammar },
        };
    }

    public string Name => "llm-judge";

    public async ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        ChatMessage[] messages =
        [
            new(ChatRole.System, Instructions),
            new(ChatRole.User, Question(claim, context)),
        ];
        // Each call gets its own options object: clients may mutate the one they are given.
        var response = await _client.GetResponseAsync(messages, _options.Clone(), cancellationToken).ConfigureAwait(false);
        return Parse(response.Text);
    }

    /// <summary>The strict reading of a judge's reply.</summary>
    public static SupportVerdict Parse(string? reply)
    {
        var answer = (reply ?? "").Trim();
        if (answer.EndsWith('.'))
        {
            answer = answer[..^1];
        }
        if (answer.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            return SupportVerdict.Supported(1, "the judge answered yes");
        }
        if (answer.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return SupportVerdict.Unsupported(0, "the judge answered no");
        }
        var quoted = (reply ?? "").ReplaceLineEndings(" ").Trim();
        if (quoted.Length > QuotedReplyLength)
        {
            quoted = quoted[..QuotedReplyLength] + "…";
        }
        return SupportVerdict.Error($"the judge answered \"{quoted}\", expected yes or no");
    }

    private static string Question(string claim, IReadOnlyList<Passage> context)
    {
        var builder = new StringBuilder("Context:\n");
        foreach (var passage in context)
        {
            builder.Append("- ").Append(passage.Text.ReplaceLineEndings(" ")).Append('\n');
        }
        builder.Append("\nClaim: ").Append(claim.ReplaceLineEndings(" "))
            .Append("\n\nIs the claim supported by the context? Answer yes or no.");
        return builder.ToString();
    }
}
