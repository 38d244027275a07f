namespace Harness.Core.Data;

/// <summary>One turn of a dialogue history (role is "user", "assistant" or "system").</summary>
public sealed record ChatTurn(string Role, string Text);
