using System.CommandLine;
using Harness.Cli.Commands;

var root = new RootCommand("Harness: measure RAG, fine-tuned and hybrid LLM pipelines on domain datasets.");
foreach (var command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}
return await root.Parse(args).InvokeAsync();
