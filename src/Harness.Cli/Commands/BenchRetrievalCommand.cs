using System.CommandLine;
using System.Globalization;
using Harness.Cli.Output;
using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Models;
using Harness.Core.Pipelines;
using Harness.Core.Suites;
using Harness.Metrics.Retrieval;
using Harness.Retrieval.Chunking;
using Harness.Retrieval.Retrievers;

namespace Harness.Cli.Commands;

/// <summary>
/// `harness bench retrieval --dataset covidqa`: BM25, then per embedder (LSA, MiniLM, arctic-xs) dense
/// (Flat, IVF, HNSW) and hybrid retrieval over a dataset's questions — index build time, embedding time
/// and chunks/s, chunks cut by the model's window, queries/s, recall@1/5/10 and MRR against the gold
/// evidence, approximate indexes' recall@10 against Flat, and a random ranking as the floor.
/// </summary>
internal static class BenchRetrievalCommand
{
    private const int Depth = 10;

    public static Command Create()
    {
        var arguments = new RetrieverArguments();
        var limit = new Option<int>("--limit") { Description = "Questions to run (0: all with gold evidence)." };
        var scope = new Option<string>("--scope") { Description = "corpus: retrieve across all documents; document: within each question's document.", DefaultValueFactory = _ => "corpus" };
        scope.AcceptOnlyFromAmong("corpus", "document");
        var fresh = new Option<bool>("--fresh") { Description = "Build every index anew in a temporary cache, to time the builds." };
        var seed = new Option<int>("--seed") { Description = "Seed of the random-ranking baseline.", DefaultValueFactory = _ => 42 };
        var embedders = new Option<string>("--embedders")
        {
            Description = "Comma-separated embedders for the dense and hybrid rows (built-in ones or embedding model cards; default: every built-in one).",
            DefaultValueFactory = _ => string.Join(",", BuiltInEmbedders.Names),
        };
        var command = new Command("retrieval", "Benchmark BM25, dense (Flat, IVF, HNSW) and hybrid retrieval per embedder on a dataset's questions.") { limit, scope, fresh, seed, embedders };
        arguments.AddTo(command, withRetriever: false);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            string? temporaryCache = null;
            try
            {
                using var loggers = ConsoleLogging.Create(parseResult.GetValue(arguments.Verbose));
                var dataset = arguments.LoadDataset(parseResult);
                temporaryCache = parseResult.GetValue(fresh) ? Directory.CreateTempSubdirectory("harness-bench-indexes-").FullName : null;
                var bench = new Bench(
                    dataset,
                    arguments.Options(parseResult),
                    arguments.Builder(loggers, temporaryCache),
                    parseResult.GetValue(scope) == "document",
                    parseResult.GetValue(limit),
                    parseResult.GetValue(seed),
                    parseResult.GetValue(embedders)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                await bench.RunAsync(output, cancellationToken);
                return ExitCodes.Success;
            }
            catch (Exception e) when (RetrieverArguments.IsUserError(e))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"harness bench retrieval: {UserFacingError.Describe(e)}");
                return ExitCodes.CouldNotRun;
            }
            finally
            {
                if (temporaryCache is not null)
                {
                    Directory.Delete(temporaryCache, recursive: true);
                }
            }
        });
        return command;
    }

    private sealed class Bench(
        Dataset dataset, RetrieverDefinition baseOptions, RetrieverBuilder builder, bool documentScope, int limit, int seed, IReadOnlyList<string> embedders)
    {
        private readonly RetrievalMetric _metric = new([1, 5, Depth]);
        private readonly EvalCase[] _cases = dataset.Cases
            .Where(c => c.ImportError is null && c.HasGoldEvidence)
            .Take(limit > 0 ? limit : int.MaxValue)
            .ToArray();

        public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
        {
            if (_cases.Length == 0)
            {
                throw new ArgumentException($"dataset '{dataset.Name}' has no cases with gold evidence to benchmark retrieval on");
            }
            var rows = new List<string[]>();
            IReadOnlyList<Passage> chunks;
            double bm25Recall5;
            double randomRecall5;
            IReadOnlyList<string>[] flatIds;
            using (var bm25 = await builder.BuildAsync(dataset.Corpus, baseOptions with { Kind = RetrieverKind.Bm25 }, cancellationToken))
            {
                chunks = bm25.Chunks;
                var random = await RandomAsync(chunks, cancellationToken);
                randomRecall5 = random.Recall5;
                rows.Add(Row("random", "-", null, random));
                var measured = await MeasureAsync(bm25.Retriever, cancellationToken);
                bm25Recall5 = measured.Recall5;
                rows.Add(Row("bm25", "FTS5 bm25()", bm25, measured));
            }
            var notes = new List<string>();
            var lists = ListsFor(chunks.Count);
            foreach (var embedder in embedders)
            {
                var flat = baseOptions with { Kind = RetrieverKind.Dense, Index = "Flat", Embedder = embedder };
                using (var dense = await builder.BuildAsync(dataset.Corpus, flat, cancellationToken))
                {
                    var measured = await MeasureAsync(dense.Retriever, cancellationToken);
                    flatIds = measured.Ids;
                    rows.Add(Row($"dense {embedder}", "Flat", dense, measured));
                    if (dense.Index.Embedding?.TruncationNote is { } note)
                    {
                        notes.Add($"{embedder}: {note}");
                    }
                }
                foreach (var (factory, parameters) in new[] { ($"IVF{lists},Flat", $"nprobe={Math.Max(1, lists / 8)}"), ("HNSW32", "efSearch=64") })
                {
                    var options = flat with { Index = factory, SearchParameters = parameters };
                    using var dense = await builder.BuildAsync(dataset.Corpus, options, cancellationToken);
                    var measured = await MeasureAsync(dense.Retriever, cancellationToken);
                    rows.Add(Row($"dense {embedder}", $"{factory} {parameters}", dense, measured, AgreementWith(flatIds, measured.Ids)));
                }
                using (var hybrid = await builder.BuildAsync(dataset.Corpus, flat with { Kind = RetrieverKind.Hybrid }, cancellationToken))
                {
                    var measured = await MeasureAsync(hybrid.Retriever, cancellationToken);
                    rows.Add(Row(string.Create(CultureInfo.InvariantCulture, $"hybrid RRF k={flat.RrfK}"), $"bm25 + {embedder} Flat", hybrid, measured));
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{dataset.Name}: {_cases.Length} questions with gold evidence, {dataset.Corpus.Documents.Count} documents, {chunks.Count} chunks ({new Chunker(baseOptions.Chunk).Description}), scope {(documentScope ? "document" : "corpus")}, top {Depth}"));
            output.WriteLine();
            WriteTable(output, [
                ["retriever", "index", "build s", "reused", "size MiB", "embed s", "chunks/s", "truncated", "queries/s", "recall@1", "recall@5", "recall@10", "MRR@10", "recall@10 vs Flat"],
                .. rows,
            ]);
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"BM25 recall@5 {bm25Recall5:0.000} vs random {randomRecall5:0.000}{(randomRecall5 > 0 ? $" ({bm25Recall5 / randomRecall5:0.#}x)" : "")}"));
            output.WriteLine("build s: the index (a sentence model's embedding is cached once per corpus and counted in embed s; LSA trains and embeds inside build s)");
            foreach (var note in notes)
            {
                output.WriteLine(note);
            }
        }

        private async Task<Measurement> MeasureAsync(IRetriever retriever, CancellationToken cancellationToken)
        {
            var results = new IReadOnlyList<RetrievedPassage>[_cases.Length];
            var started = TimeProvider.System.GetTimestamp();
            for (var i = 0; i < _cases.Length; i++)
            {
                results[i] = await retriever.RetrieveAsync(_cases[i].Question, Depth, Scope(_cases[i]), cancellationToken);
            }
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            return await ScoreAsync(results, _cases.Length / elapsed.TotalSeconds, cancellationToken);
        }

        // A seeded random ranking of the chunks a question could retrieve: the floor any retriever must clear.
        private ValueTask<Measurement> RandomAsync(IReadOnlyList<Passage> chunks, CancellationToken cancellationToken)
        {
            var random = new Random(seed);
            var byDocument = chunks.ToLookup(c => c.DocumentId, StringComparer.Ordinal);
            var results = _cases.Select(evalCase =>
            {
                var pool = Scope(evalCase) is { } document ? byDocument[document].ToArray() : chunks.ToArray();
                var take = Math.Min(Depth, pool.Length);
                for (var i = 0; i < take; i++)
                {
                    var j = random.Next(i, pool.Length);
                    (pool[i], pool[j]) = (pool[j], pool[i]);
                }
                return (IReadOnlyList<RetrievedPassage>)pool.Take(take).Select((p, i) => new RetrievedPassage(p, 0, i + 1)).ToArray();
            }).ToArray();
            return ScoreAsync(results, null, cancellationToken);
        }

        private async ValueTask<Measurement> ScoreAsync(IReadOnlyList<RetrievedPassage>[] results, double? queriesPerSecond, CancellationToken cancellationToken)
        {
            var sums = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < _cases.Length; i++)
            {
                var context = new MetricContext(_cases[i], new PipelineOutput { Answer = "", Retrieved = results[i] }, PipelineRetrieves: true, dataset.Corpus, null);
                foreach (var value in await _metric.EvaluateAsync(context, cancellationToken))
                {
                    if (value.Status == ValueStatus.Ok)
                    {
                        sums[value.MetricId] = sums.GetValueOrDefault(value.MetricId) + value.Value!.Value;
                    }
                }
            }
            double Mean(string id) => sums.GetValueOrDefault(id) / _cases.Length;
            return new Measurement(
                queriesPerSecond, Mean("recall@1"), Mean("recall@5"), Mean($"recall@{Depth}"), Mean("mrr"),
                results.Select(r => (IReadOnlyList<string>)r.Select(p => p.Passage.Id).ToArray()).ToArray());
        }

        private string? Scope(EvalCase evalCase) => documentScope ? evalCase.DocumentId : null;

        private static double AgreementWith(IReadOnlyList<string>[] exact, IReadOnlyList<string>[] approximate) =>
            exact.Zip(approximate, (e, a) => e.Count == 0 ? 1.0 : (double)a.Intersect(e, StringComparer.Ordinal).Count() / e.Count).Average();

        // About sqrt(n) lists (a power of two), FAISS's rule of thumb, so every list gets dozens of training points.
        private static int ListsFor(int chunks) => Math.Max(1, 1 << (int)Math.Floor(Math.Log2(Math.Sqrt(chunks))));

        private static string[] Row(string retriever, string index, BuiltRetriever? built, Measurement m, double? agreement = null) =>
        [
            retriever,
            index,
            built is null ? "-" : Format(built.Index.BuildTime.TotalSeconds, "0.00"),
            built is null ? "-" : built.Index.Reused ? "yes" : "no",
            built is null ? "-" : Format(built.Index.SizeBytes / 1024.0 / 1024.0, "0.0"),
            built?.Index.Embedding is { } e ? Format(e.Seconds, "0.0") : "-",
            built?.Index.Embedding is { } r ? Format(r.ChunksPerSecond, "0.0") : "-",
            built?.Index.Embedding is { Window: not null } t ? Format(t.Truncated, "0") + "/" + Format(t.Chunks, "0") : "-",
            m.QueriesPerSecond is { } qps ? Format(qps, "0") : "-",
            Format(m.Recall1, "0.000"),
            Format(m.Recall5, "0.000"),
            Format(m.Recall10, "0.000"),
            Format(m.Mrr, "0.000"),
            agreement is { } a ? Format(a, "0.000") : "-",
        ];

        private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

        private static void WriteTable(TextWriter output, IReadOnlyList<string[]> rows)
        {
            var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            foreach (var row in rows)
            {
                // Text columns left-aligned, figures right-aligned.
                output.WriteLine(string.Join("  ", row.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
            }
        }
    }

    private sealed record Measurement(double? QueriesPerSecond, double Recall1, double Recall5, double Recall10, double Mrr, IReadOnlyList<string>[] Ids);
}
