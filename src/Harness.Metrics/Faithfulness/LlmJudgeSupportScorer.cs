using System.Globalization;
using System.Text;
using Harness.Core;
using Harness.Core.Data;
using Harness.Core.Models;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Faithfulness;

/// <summary>
/// Support judged by a chat model asked a yes/no question: is the claim fully supported by the
/// context? The reply is constrained by a GBNF grammar to "yes" or "no" (the <c>grammar</c> option
/// that Harness's local judge client and llama.cpp's server read) and parsed strictly all the same:
/// anything else is an error verdict, never a pass. The score is the judge's probability of "yes":
/// the client returns the log-probabilities of the reply's first token under the grammar in
/// <see cref="ChatResponse.AdditionalProperties"/>[<see cref="JudgeChatProperties.AnswerLogProbabilities"/>] (token text →
/// log-probability; requested with <see cref="JudgeChatProperties.LogProbabilities"/>), and P(yes) is the mass of
/// the tokens that start "yes" over the mass of those that start "yes" or "no". A client that returns
/// none gives a score of 1 for yes and 0 for no, and the reason says so. An uncalibrated judge cannot
/// decide a gate (<c>./harness calibrate --scorer judge:&lt;card&gt;</c> measures it).
/// </summary>
public sealed class LlmJudgeSupportScorer : ISupportScorer
{
    public const string Instructions =
        "You check whether a claim is supported by a context. Answer with exactly one word: yes if "
        + "everything the claim states is stated or directly implied by the context, no otherwise.";

    /// <summary>The grammar that lets the judge say nothing but yes or no.</summary>
    public const string YesNoGrammar = "root ::= \"yes\" | \"no\"";

    private const int QuotedReplyLength = 60;

    private readonly IChatClient _client;
    private readonly ChatOptions _options;

    /// <param name="client">The judge model.</param>
    /// <param name="name">The scorer's name (judge:&lt;card&gt;).</param>
    /// <param name="model">What identifies the model: the model file's sha256, or the served model for a remote judge.</param>
    public LlmJudgeSupportScorer(IChatClient client, string name = "llm-judge", string model = "unknown")
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        Name = name;
        Model = model;
        _options = new ChatOptions
        {
            Temperature = 0,
            MaxOutputTokens = 3,
            AdditionalProperties = new() { [JudgeChatProperties.Grammar] = YesNoGrammar, [JudgeChatProperties.LogProbabilities] = 20 },
        };
    }

    public string Name { get; }

    public string Model { get; }

    /// <summary>sha256 of the instructions, the question template and the grammar: a new prompt is a new judge.</summary>
    public static string PromptSha256 { get; } = Hashing.OfText(
        Instructions + "\n" + Question("{claim}", [new Passage("p", "d", 0, 9, "{passage}")]) + "\n" + YesNoGrammar);

    public string Identity => $"judge:v1:model={Model}:prompt={PromptSha256[..16]}";

    public async ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        ChatMessage[] messages =
        [
            new(ChatRole.System, Instructions),
            new(ChatRole.User, Question(claim, context)),
        ];
        ChatResponse response;
        try
        {
            // Each call gets its own options object: clients may mutate the one they are given.
            response = await _client.GetResponseAsync(messages, _options.Clone(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failed judgement (a prompt longer than the judge's context, a server error) decides nothing.
            return SupportVerdict.Error($"the judge failed: {exception.Message}");
        }
        var verdict = Parse(response.Text);
        if (verdict.Outcome == SupportOutcome.Error)
        {
            return verdict;
        }
        if (YesProbability(response) is not { } yes)
        {
            return verdict with { Reason = verdict.Reason + " (the judge returned no log-probabilities: score 1 or 0)" };
        }
        var reason = string.Create(CultureInfo.InvariantCulture, $"{verdict.Reason}, P(yes) = {yes:0.000}");
        return verdict.IsSupported ? SupportVerdict.Supported(yes, reason) : SupportVerdict.Unsupported(yes, reason);
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

    /// <summary>P(yes) from the first reply token's alternatives; null when the client gave none, or none that starts yes or no.</summary>
    public static double? YesProbability(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.AdditionalProperties?.TryGetValue(JudgeChatProperties.AnswerLogProbabilities, out var value) != true
            || value is not IEnumerable<KeyValuePair<string, double>> alternatives)
        {
            return null;
        }
        double yes = 0, no = 0;
        foreach (var (token, logProbability) in alternatives)
        {
            var text = token.Trim().ToLowerInvariant();
            if (text.Length == 0)
            {
                continue;
            }
            if ("yes".StartsWith(text, StringComparison.Ordinal))
            {
                yes += Math.Exp(logProbability);
            }
            else if ("no".StartsWith(text, StringComparison.Ordinal))
            {
                no += Math.Exp(logProbability);
            }
        }
        return yes + no > 0 ? yes / (yes + no) : null;
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
