using System.Globalization;

namespace Harness.Core.Configuration;

/// <summary>
/// One problem in a configuration file (suite or card): where it is, what is wrong and how to fix it.
/// Printed in the compiler format editors and CI annotate: <c>file:line:col: error: message</c>.
/// </summary>
public sealed record ConfigProblem(string File, long Line, long Column, string Message)
{
    /// <summary>A warning points at a setting that works but probably does not do what was meant; it never fails validation.</summary>
    public bool IsWarning { get; init; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {(IsWarning ? "warning" : "error")}: {Message}");
}

/// <summary>A configuration file has problems; thrown only where a caller cannot go on without it.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigProblem> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
