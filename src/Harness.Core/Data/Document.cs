namespace Harness.Core.Data;

/// <summary>A source document of a corpus (an article, a contract, an abstract, a knowledge snippet).</summary>
public sealed record Document(string Id, string Text, string? Title = null);
