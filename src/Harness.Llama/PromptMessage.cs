namespace Harness.Llama;

/// <summary>One chat turn given to a chat template: role ("system", "user", "assistant") and text.</summary>
public sealed record PromptMessage(string Role, string Content);
