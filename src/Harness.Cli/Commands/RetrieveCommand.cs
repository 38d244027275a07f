using System.CommandLine;
using System.Globalization;
using Harness.Cli.Output;

namespace Harness.Cli.Commands;

/// <summary>`harness retrieve --dataset covidqa --retriever … --query "…" --top-k 5`: the ranked chunks for one query.</summary>
internal static class RetrieveCommand
{
    public static Command Create()
    {
        var arguments = new RetrieverArguments();
        var query = new Option<string>("--query") { Description = "The question, as a user would type it.", Required = true };
        var topK = new Option<int>("--top-k") { Description = "How many chunks to show.", DefaultValueFactory = _ => 5 };
        var document = new Option<string?>("--document") { Description = "Retrieve only within this document id." };
        var command = new Command("retrieve", "Print the chunks a retriever ranks highest for a query.") { query, topK, document };
        arguments.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                using var loggers = ConsoleLogging.Create(parseResult.GetValue(arguments.Verbose));
                var dataset = arguments.LoadDataset(parseResult);
                var options = arguments.Options(parseResult) with { TopK = parseResult.GetValue(topK) };
                using var built = await arguments.Builder(loggers).BuildAsync(dataset.Corpus, options, cancellationToken);
                var results = await built.Retriever.RetrieveAsync(parseResult.GetValue(query)!, options.TopK, parseResult.GetValue(document), cancellationToken);
                output.WriteLine($"{built.Retriever.Name} over {dataset.Name}: {results.Count} of {built.Index.ChunkCount} chunks");
                foreach (var result in results)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{result.Rank,3}  {result.Score,10:0.0000}  {result.Passage.Id} [{RetrieverArguments.Span(result.Passage)}]"));
                    output.WriteLine($"     {RetrieverArguments.Shorten(result.Passage.Text, 300)}");
                }
                return ExitCodes.Success;
            }
            catch (Exception e) when (RetrieverArguments.IsUserError(e))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"harness retrieve: {UserFacingError.Describe(e)}");
                return ExitCodes.CouldNotRun;
            }
        });
        return command;
    }
}
