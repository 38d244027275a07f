using System.CommandLine;
using System.Globalization;
using Harness.Cli.Output;
using Harness.Core.Data;
using Harness.Core.Datasets;
using Harness.Core.Models;
using Harness.Core.Suites;
using Harness.Retrieval.Chunking;
using Harness.Retrieval.Embeddings;
using Harness.Retrieval.Faiss;
using Harness.Retrieval.Indexing;
using Harness.Retrieval.Retrievers;
using Microsoft.Extensions.Logging;

namespace Harness.Cli.Commands;

/// <summary>`harness index --dataset covidqa --retriever bm25|dense|hybrid`: builds a dataset's retrieval index, or reuses the cached one.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var arguments = new RetrieverArguments();
        var command = new Command("index", "Build (or reuse) the retrieval index of a dataset and print its chunk count, build time and size.");
        arguments.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            try
            {
                using var loggers = ConsoleLogging.Create(parseResult.GetValue(arguments.Verbose));
                var dataset = arguments.LoadDataset(parseResult);
                var options = arguments.Options(parseResult);
                var started = TimeProvider.System.GetTimestamp();
                using var built = await arguments.Builder(loggers).BuildAsync(dataset.Corpus, options, cancellationToken);
                var elapsed = TimeProvider.System.GetElapsedTime(started);
                var index = built.Index;
                output.WriteLine(FormattableString.Invariant($"dataset    {dataset.Name} ({dataset.Corpus.Documents.Count} documents, {dataset.Cases.Count} cases)"));
                output.WriteLine($"retriever  {built.Retriever.Name}");
                output.WriteLine(FormattableString.Invariant($"chunks     {index.ChunkCount} ({new Chunker(options.Chunk).Description})"));
                output.WriteLine(index.Reused
                    ? FormattableString.Invariant($"index      reused from the cache in {elapsed.TotalSeconds:0.00} s (built in {index.BuildTime.TotalSeconds:0.00} s)")
                    : FormattableString.Invariant($"index      built in {index.BuildTime.TotalSeconds:0.00} s"));
                output.WriteLine(FormattableString.Invariant($"size       {index.SizeBytes / 1024.0 / 1024.0:0.00} MiB"));
                if (index.Embedding is { } embedding)
                {
                    output.WriteLine(FormattableString.Invariant(
                        $"embedding  {embedding.Chunks} chunks in {embedding.Seconds:0.0} s ({embedding.ChunksPerSecond:0.0} chunks/s){(embedding.TruncationNote is { } note ? "; " + note : "")}"));
                }
                foreach (var directory in index.Directories)
                {
                    output.WriteLine($"folder     {directory}");
                }
                return ExitCodes.Success;
            }
            catch (Exception e) when (RetrieverArguments.IsUserError(e))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"harness index: {UserFacingError.Describe(e)}");
                return ExitCodes.CouldNotRun;
            }
        });
        return command;
    }
}

/// <summary>The dataset and retriever options `index`, `retrieve` and `bench retrieval` share.</summary>
internal sealed class RetrieverArguments
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = "A dataset card name (harness list datasets).", Required = true };

    public Option<string?> Split { get; } = new("--split") { Description = "The split to load (default: the card's default split)." };

    public Option<string> Retriever { get; } = new("--retriever") { Description = "bm25, dense or hybrid.", DefaultValueFactory = _ => RetrieverNames.Name(Defaults.Kind) };

    public Option<string> IndexFactory { get; } = new("--index") { Description = "FAISS index-factory string of dense retrieval: Flat, IVF64,Flat, HNSW32, PQ16...", DefaultValueFactory = _ => Defaults.Index };

    public Option<string?> SearchParameters { get; } = new("--search") { Description = "FAISS search-time parameters, e.g. nprobe=8 or efSearch=64." };

    public Option<string> Metric { get; } = new("--metric") { Description = "Dense similarity: ip (inner product, cosine on unit vectors) or l2.", DefaultValueFactory = _ => RetrieverNames.Name(Defaults.Metric) };

    public Option<string> Embedder { get; } = new("--embedder") { Description = $"A built-in embedder ({string.Join(", ", BuiltInEmbedders.Names)}: ./harness list pipelines) or an embedding model card name.", DefaultValueFactory = _ => Defaults.EmbedderName };

    public Option<int> ChunkWords { get; } = new("--chunk-words") { Description = "Chunk size in words; 0 uses the dataset's own passages.", DefaultValueFactory = _ => ChunkDefinition.Default.Size };

    // Before chunk sizes said what they count, this option counted words under another name; it still does.
    public Option<int?> ChunkTokens { get; } = new("--chunk-tokens") { Description = "The old name of --chunk-words (it counts words; a warning says so).", Hidden = true };

    public Option<int> ChunkOverlap { get; } = new("--chunk-overlap") { Description = "Words of whole sentences a chunk repeats from the previous one.", DefaultValueFactory = _ => ChunkDefinition.Default.Overlap };

    public Option<int> RrfK { get; } = new("--rrf-k") { Description = "The k of reciprocal-rank fusion (hybrid).", DefaultValueFactory = _ => Defaults.RrfK };

    private static RetrieverDefinition Defaults { get; } = new();

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Log index builds and reuse." };

    /// <param name="command">The command to add the options to.</param>
    /// <param name="withRetriever">False for commands that try every retriever, index and embedder themselves (bench).</param>
    public void AddTo(Command command, bool withRetriever = true)
    {
        Retriever.AcceptOnlyFromAmong([.. RetrieverNames.Kinds.Keys]);
        Metric.AcceptOnlyFromAmong([.. RetrieverNames.Metrics.Keys]);
        command.Options.Add(Dataset);
        command.Options.Add(Split);
        if (withRetriever)
        {
            command.Options.Add(Retriever);
            command.Options.Add(IndexFactory);
            command.Options.Add(SearchParameters);
        }
        command.Options.Add(Metric);
        command.Options.Add(RrfK);
        if (withRetriever)
        {
            command.Options.Add(Embedder);
        }
        command.Options.Add(ChunkWords);
        command.Options.Add(ChunkTokens);
        command.Options.Add(ChunkOverlap);
        command.Options.Add(Verbose);
    }

    public Dataset LoadDataset(ParseResult parseResult) =>
        new DatasetCatalog().Load(parseResult.GetValue(Dataset)!, new DatasetLoadOptions { Split = parseResult.GetValue(Split) });

    /// <summary>The retriever the options describe; an option a command did not add keeps the model's default.</summary>
    public RetrieverDefinition Options(ParseResult parseResult)
    {
        var words = parseResult.GetValue(ChunkWords);
        if (parseResult.GetValue(ChunkTokens) is { } oldWords)
        {
            parseResult.InvocationConfiguration.Error.WriteLine("harness: --chunk-tokens counts words - say --chunk-words");
            words = oldWords;
        }
        return new RetrieverDefinition
        {
            Kind = parseResult.GetValue(Retriever) is { } kind ? RetrieverNames.Kind(kind) : Defaults.Kind,
            Chunk = words == 0 ? null : new ChunkDefinition(ChunkUnit.Words, words, parseResult.GetValue(ChunkOverlap)),
            Embedder = parseResult.GetValue(Embedder),
            Index = parseResult.GetValue(IndexFactory) ?? Defaults.Index,
            SearchParameters = parseResult.GetValue(SearchParameters),
            Metric = parseResult.GetValue(Metric) is { } metric ? RetrieverNames.Metric(metric) : Defaults.Metric,
            RrfK = parseResult.GetValue(RrfK),
        };
    }

    public RetrieverBuilder Builder(ILoggerFactory loggers, string? cacheRoot = null) =>
        new(new IndexCache(cacheRoot ?? IndexCache.DefaultRoot, loggers.CreateLogger("Harness.Index")), new EmbedderFactory());

    /// <summary>Failures a user fixes from the message alone (bad option values, missing files, native errors).</summary>
    public static bool IsUserError(Exception exception) =>
        exception is DatasetException or ArgumentException or FaissException or IOException or InvalidOperationException or Harness.Core.Models.ModelNotFoundException;

    public static string Shorten(string text, int length)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : string.Concat(flat.AsSpan(0, length - 3), "...");
    }

    public static string Span(Passage passage) => string.Create(CultureInfo.InvariantCulture, $"{passage.Start}-{passage.End}");
}
