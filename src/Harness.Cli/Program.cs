using System.CommandLine;
using Harness.Cli.Commands;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // CI logs and pipes: no colour codes, and tables as wide as their content rather than 80 columns.
    AnsiConsole.Profile.Capabilities.Ansi = false;
    AnsiConsole.Profile.Width = 240;
}
var root = new RootCommand("Harness: measure RAG, fine-tuned and hybrid LLM pipelines on domain datasets.");
foreach (var command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}
var cpuVariant = CpuVariantOption.Create();
root.Options.Add(cpuVariant);
var parse = root.Parse(args);
if (UsageErrors.Describe(parse) is { } usage)
{
    Console.Error.WriteLine(usage);
    return ExitCodes.CouldNotRun;
}
CpuVariantOption.Apply(parse, cpuVariant);
return await parse.InvokeAsync();
