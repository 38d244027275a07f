namespace Harness.Core.Suites;

/// <summary>
/// A prompt with the placeholders {question}, {context} and {history}; with <see cref="UseChatTemplate"/>
/// the filled prompt is sent as a user message through the model's chat template (after <see cref="System"/>).
/// </summary>
public sealed record PromptTemplate(string Template, bool UseChatTemplate = false, string? System = null)
{
    public static IReadOnlyList<string> Placeholders { get; } = ["question", "context", "history"];
}
