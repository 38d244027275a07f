using System.CommandLine;
using System.Globalization;
using Harness.Core.Suites;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness validate &lt;suite.yaml|folder&gt;…`: every problem of every suite as file:line:col, without
/// loading a model or a dataset; exit 2 when there is any.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("suites")
        {
            Description = "Suite files, or folders whose *.yaml files are suites (e.g. suites/smoke).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check suites completely (syntax, types, names, dataset and model cards, dataset files) without running them.")
        {
            paths,
        };
        command.SetAction(parseResult => WithRepository(
            parseResult, validator => Run(parseResult.GetValue(paths)!, validator, parseResult.InvocationConfiguration.Output)));
        return command;
    }

    /// <summary>Runs an action with the repository's catalogs, or says how to point the harness at the repository.</summary>
    internal static int WithRepository(ParseResult parseResult, Func<SuiteValidator, int> action)
    {
        SuiteValidator validator;
        try
        {
            validator = new SuiteValidator();
        }
        catch (InvalidOperationException e)
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"harness: {e.Message}");
            return ExitCodes.CouldNotRun;
        }
        return action(validator);
    }

    internal static int Run(IReadOnlyList<string> paths, SuiteValidator validator, TextWriter output)
    {
        var results = paths.SelectMany(validator.ValidatePath).ToArray();
        foreach (var problem in results.SelectMany(r => r.Problems.Concat(r.Warnings).OrderBy(p => p.Line).ThenBy(p => p.Column)))
        {
            output.WriteLine(problem);
        }
        var problems = results.Sum(r => r.Problems.Count);
        var invalid = results.Count(r => !r.IsValid);
        output.WriteLine(problems == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{results.Length} suite(s) valid{(results.Sum(r => r.Warnings.Count) is > 0 and var warnings ? $", {warnings} warning(s)" : "")}")
            : string.Create(CultureInfo.InvariantCulture, $"{problems} problem(s) in {invalid} of {results.Length} suite file(s)"));
        return problems == 0 ? ExitCodes.Success : ExitCodes.CouldNotRun;
    }
}
