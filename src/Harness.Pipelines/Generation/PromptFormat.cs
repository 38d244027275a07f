using Harness.Llama;
using Harness.Llama.Generation;
using Harness.Pipelines.Remote;

namespace Harness.Pipelines.Generation;

/// <summary>
/// What the prompt builder needs of a generator's model: its token count of a text (to fit passages into the
/// context), its context length per sequence (null when unknown), and the text a filled prompt becomes.
/// </summary>
public sealed record PromptFormat(Func<string, int> CountTokens, int? ContextLength, Func<string, string> Format)
{
    /// <summary>The system message sent before each prompt (a remote server's; a local model gets its system text inside <see cref="Format"/>), or null.</summary>
    public string? System { get; init; }

    /// <summary>
    /// A remote server: rough counts for reporting, never to truncate (prompts are sent whole and the server
    /// reports overflow); the prompt goes as the user message, after <paramref name="system"/> as the system
    /// message when it is set, and the server applies its chat template.
    /// </summary>
    public static PromptFormat Remote(string? system) => new(RoughTokenCount.Of, null, prompt => prompt) { System = system };

    /// <summary>A local model: its tokenizer and context; prompts go through its chat template after <paramref name="chat"/> as system text when that is set ("" for none).</summary>
    public static PromptFormat Local(LlamaGenerator generator, string? chat)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return new(
            text => generator.Model.Tokenize(text).Length,
            generator.ContextSizePerSequence,
            prompt => chat is null
                ? prompt
                : generator.Model.ApplyChatTemplate(chat.Length > 0 ? [new("system", chat), new("user", prompt)] : [new PromptMessage("user", prompt)]));
    }
}
