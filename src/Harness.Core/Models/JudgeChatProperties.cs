namespace Harness.Core.Models;

/// <summary>
/// The <c>AdditionalProperties</c> keys a support judge (Harness.Metrics) and the chat clients that
/// serve it (Harness.Pipelines: the local judge, the OpenAI-compatible client) agree on, kept here so
/// that neither project has to reference the other.
/// </summary>
public static class JudgeChatProperties
{
    /// <summary>The chat options key of a GBNF grammar.</summary>
    public const string Grammar = "grammar";

    /// <summary>The chat options key asking for <see cref="AnswerLogProbabilities"/>, with how many alternatives.</summary>
    public const string LogProbabilities = "top_logprobs";

    /// <summary>The response key of the first reply token's alternatives: an IReadOnlyDictionary&lt;string, double&gt; of token text → natural-log probability.</summary>
    public const string AnswerLogProbabilities = "answer_logprobs";
}
