using System.CommandLine;
using System.Globalization;
using Harness.Core;
using Harness.Core.Datasets;
using Harness.Core.Metrics;
using Harness.Core.Models;
using Harness.Core.Suites;

namespace Harness.Cli.Commands;

/// <summary>`harness list suites|datasets|models|pipelines|metrics`: what a suite can name, read from the cards and catalogs.</summary>
internal static class ListCommand
{
    private static readonly string[] _subjects = ["suites", "datasets", "models", "pipelines", "metrics"];

    public static Command Create()
    {
        var what = new Argument<string>("what") { Description = string.Join("|", _subjects) };
        what.AcceptOnlyFromAmong(_subjects);
        var command = new Command("list", "List the suites, dataset cards, model cards, pipeline kinds or metrics a suite can use.") { what };
        command.SetAction(parseResult => ValidateCommand.WithRepository(
            parseResult, validator => Run(parseResult.GetValue(what)!, validator, parseResult.InvocationConfiguration.Output)));
        return command;
    }

    internal static int Run(string what, SuiteValidator validator, TextWriter output)
    {
        var rows = what switch
        {
            "suites" => Suites(validator),
            "datasets" => Datasets(validator.Datasets),
            "models" => [["NAME", "ROLES", "DESCRIPTION"], .. validator.Models.Cards.Select(m => new[] { m.Name, string.Join(",", m.Roles), m.Description })],
            "pipelines" => Pipelines(),
            _ => Metrics(),
        };
        Write(output, rows);
        if (what == "datasets")
        {
            output.WriteLine();
            Write(output, Importers());
            foreach (var problem in validator.Datasets.CardProblems)
            {
                output.WriteLine(problem);
            }
        }
        return ExitCodes.Success;
    }

    private static List<string[]> Suites(SuiteValidator validator)
    {
        var folder = Path.Combine(validator.Datasets.Root, "suites");
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        List<string[]> rows = [["SUITE", "DATASET", "LIMIT", "PIPELINES", "TAGS", "FILE"]];
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(validator.Datasets.Root, file);
            if (SuiteSet.TryRead(file, out var members))
            {
                rows.Add([Path.GetFileNameWithoutExtension(file), "(set)", "", string.Join(",", members.Select(m => Path.GetRelativePath(validator.Datasets.Root, m))), "", relative]);
                continue;
            }
            var read = SuiteReader.Read(file);
            rows.Add(read.Suite is { } suite
                ? [suite.Name, suite.Dataset, suite.Limit == 0 ? "all" : suite.Limit.ToString(CultureInfo.InvariantCulture),
                    string.Join(",", suite.Pipelines.Select(p => p.Name)), string.Join(",", suite.Tags), relative]
                : [Path.GetFileNameWithoutExtension(file), "", "", $"(invalid: ./harness validate {relative})", "", relative]);
        }
        return rows;
    }

    private static List<string[]> Datasets(DatasetCatalog catalog) =>
    [
        ["DATASET", "DOMAIN", "IMPORTER", "SPLITS", "SCOPE", "FILES", "LICENCE"],
        .. catalog.Cards.Select(card => new[]
        {
            card.Name, card.Domain, card.Importer, string.Join(",", card.Splits.Keys),
            card.IsImportable ? card.DefaultScope.ToString().ToLowerInvariant() : "",
            catalog.MissingFiles(card).Count == 0 ? "present" : card.Files.Any(f => !f.IsLocal) ? "missing (run ./harness or dotnet build)" : "missing",
            card.Licence,
        }),
    ];

    private static List<string[]> Importers() =>
    [
        ["IMPORTER", "READS"],
        .. DatasetImporters.All.Select(importer => new[] { importer.Name, importer.Description }),
    ];

    private static List<string[]> Pipelines() =>
    [
        ["KIND", "WHAT IT DOES"],
        .. PipelineKinds.All.Select(kind => new[] { kind.Name, kind.Description }),
        ["", ""],
        ["RETRIEVER", ""],
        ["bm25", "lexical BM25 (SQLite FTS5)"],
        ["dense", "embeddings in a FAISS index (embedder: a built-in one below or an embedding model card; index: a FAISS factory string)"],
        ["hybrid", "bm25 and dense fused by reciprocal rank fusion (rrf_k)"],
        ["", ""],
        ["EMBEDDER", ""],
        .. BuiltInEmbedders.All.Select(e => new[] { e.Name, e.Window is { } window ? $"{e.Description}; reads {window} word pieces" : e.Description }),
    ];

    private static List<string[]> Metrics() =>
    [
        ["FAMILY", "METRIC (k: any positive number, e.g. recall@5)", "UNIT", "BETTER", "SHOWN AS"],
        .. KnownMetrics.All.SelectMany(family => family.Metrics.Select(metric => new[]
        {
            family.Name, metric.Id, metric.Unit == MetricDescriptor.Ratio ? "0-1" : metric.Unit, metric.HigherIsBetter ? "higher" : "lower", metric.DisplayName,
        })),
    ];

    private static void Write(TextWriter output, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
