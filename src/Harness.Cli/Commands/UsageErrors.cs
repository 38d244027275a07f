using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Harness.Core.Configuration;

namespace Harness.Cli.Commands;

/// <summary>
/// The one place a command line that cannot be used is turned into a message: one line with a hint,
/// and exit 2 (exit 1 means a gate failed). System.CommandLine's own messages are kept where they are
/// clear and reworded where they name .NET types; an unknown option that the parser took for a
/// positional value (a suite path) is caught here too.
/// </summary>
internal static partial class UsageErrors
{
    /// <summary>The message for a command line that cannot run, or null when it can.</summary>
    public static string? Describe(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        // What the user typed wrong comes before what is missing: 'harness frobnicate' is an unknown command
        // first and a missing one second. One error at a time keeps the message one line.
        var error = parse.Errors.OrderBy(e => e.Message.StartsWith("Required", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault();
        var message = error is not null ? Reword(error.Message) : UnknownOption(parse.CommandResult);
        return message is null ? null : $"harness: {message} - see '{CommandPath(parse.CommandResult)} --help'";
    }

    /// <summary>Adds a check that an int option is at least <paramref name="min"/>; a violation is a usage error like any other.</summary>
    public static T AtLeast<T>(this T option, int min, string meaning)
        where T : Option
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && value < min)
            {
                result.AddError($"{option.Name} must be {min} or more ({meaning}), not {value}");
            }
        });
        return option;
    }

    private static string Reword(string message)
    {
        if (CannotParse().Match(message) is { Success: true } match)
        {
            // For an enum the parser lists the allowed values, one a line, after the first line.
            var allowed = match.Groups["rest"].Value.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
            var expected = allowed.Length > 0 ? "one of: " + string.Join(", ", allowed.Select(a => a.ToLowerInvariant())) : Friendly(match.Groups["type"].Value);
            return $"'{match.Groups["value"].Value}' is not a valid value for {match.Groups["name"].Value}: expected {expected}";
        }
        // Other messages that span lines (suggestions, one a line) become one line.
        return LineBreaks().Replace(message.Trim(), " ").TrimEnd('.');
    }

    private static string Friendly(string type) =>
        type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) ? "a whole number"
        : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) ? "a number"
        : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
        : type;

    /// <summary>A token like '--frobnicate' that the parser handed to a positional argument.</summary>
    private static string? UnknownOption(CommandResult command)
    {
        var token = command.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens)
            .FirstOrDefault(t => t.Value.Length > 1 && t.Value[0] == '-' && (char.IsAsciiLetter(t.Value[1]) || t.Value[1] == '-'));
        if (token is null)
        {
            return null;
        }
        var names = command.Command.Options.Select(o => o.Name).Where(n => n.StartsWith('-')).ToArray();
        var guess = Suggestions.Closest(token.Value, names) is { } closest ? $" (did you mean '{closest}'?)" : "";
        return $"unknown option '{token.Value}' for '{command.Command.Name}'{guess}";
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? current = command; current is CommandResult result; current = current.Parent)
        {
            names.Insert(0, result.Parent is null ? "harness" : result.Command.Name);
        }
        return string.Join(' ', names);
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>[^']*)' for (option|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\.?(?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"\s*\n\s*")]
    private static partial Regex LineBreaks();
}
