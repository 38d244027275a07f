using System.CommandLine;
using System.Globalization;

namespace Harness.Cli.Commands;

/// <summary>
/// The --threads option of every command that decodes: 0 means all cores, and more threads than cores
/// only make ggml's spinning threads fight over them (a 1.6 s run took 89 s with 1000), so it is capped.
/// </summary>
internal static class ThreadCount
{
    public static Option<int> Option(string description) =>
        new Option<int>("--threads") { Description = description }.AtLeast(0, "0 uses every core");

    /// <summary>The option's value, capped at the cores this process may use, with a warning when capped.</summary>
    public static int Get(ParseResult parseResult, Option<int> option)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var threads = parseResult.GetValue(option);
        if (threads > Environment.ProcessorCount)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"harness: warning: --threads {threads} is more than the {Environment.ProcessorCount} cores available; using {Environment.ProcessorCount}"));
            return Environment.ProcessorCount;
        }
        return threads;
    }
}
