using Harness.Core.Configuration;
using Harness.Core.Datasets;
using Harness.Core.Models;

namespace Harness.Core.Suites;

/// <summary>The outcome of validating one suite file: the suite (with dataset defaults applied) when it has no problems.</summary>
public sealed record SuiteValidation(string Path, SuiteDefinition? Suite, IReadOnlyList<ConfigProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;

    /// <summary>Settings that work but probably do not do what was meant.</summary>
    public IReadOnlyList<ConfigProblem> Warnings { get; init; } = [];
}

/// <summary>
/// Validates suites completely before anything runs: the file's own problems (<see cref="SuiteReader"/>)
/// and every name checked against the dataset and model cards, including that the dataset's files are
/// present. Loads no model and no dataset.
/// </summary>
public sealed class SuiteValidator(DatasetCatalog datasets, ModelCatalog models)
{
    public SuiteValidator()
        : this(new DatasetCatalog(), new ModelCatalog())
    {
    }

    public DatasetCatalog Datasets { get; } = datasets;

    public ModelCatalog Models { get; } = models;

    /// <summary>A suite file, a suite set (<see cref="SuiteSet"/>), or every *.yaml in a folder (sorted; a set among them stands for its members), each validated.</summary>
    public IReadOnlyList<SuiteValidation> ValidatePath(string fileOrDirectory)
    {
        if (Directory.Exists(fileOrDirectory))
        {
            var results = Directory.GetFiles(fileOrDirectory, "*.yaml").Order(StringComparer.Ordinal).SelectMany(ValidatePath).ToList();
            if (results.Count == 0)
            {
                return [new SuiteValidation(fileOrDirectory, null, [new ConfigProblem(fileOrDirectory, 1, 1, "the folder holds no *.yaml suite files")])];
            }
            return DuplicateNames(results);
        }
        if (!File.Exists(fileOrDirectory))
        {
            return [new SuiteValidation(fileOrDirectory, null, [new ConfigProblem(fileOrDirectory, 1, 1, "no such suite file or folder - './harness list suites' shows the suites")])];
        }
        if (SuiteSet.TryRead(fileOrDirectory, out var members))
        {
            return members.Count == 0
                ? [new SuiteValidation(fileOrDirectory, null, [new ConfigProblem(fileOrDirectory, 1, 1, $"'{SuiteSet.IncludeKey}:' names no suite files - list suite files or folders, e.g. [smoke/*.yaml]")])]
                : DuplicateNames([.. members.SelectMany(ValidatePath)]);
        }
        return [Validate(fileOrDirectory)];
    }

    public SuiteValidation Validate(string path) => Check(path, SuiteReader.Read(path));

    public SuiteValidation Validate(string path, string text) => Check(path, SuiteReader.Parse(path, text));

    /// <summary>Validated suites from a file or folder, or a <see cref="ConfigException"/> with every problem of every file.</summary>
    public IReadOnlyList<SuiteDefinition> Load(string fileOrDirectory)
    {
        var results = ValidatePath(fileOrDirectory);
        var problems = results.SelectMany(r => r.Problems).ToArray();
        return problems.Length > 0 ? throw new ConfigException(problems) : [.. results.Select(r => r.Suite!)];
    }

    private SuiteValidation Check(string path, SuiteReadResult read)
    {
        var problems = read.Problems.ToList();
        var card = read.References.FirstOrDefault(r => r.Kind == SuiteReferenceKind.Dataset) is { } datasetReference
            ? CheckDataset(datasetReference, read, problems)
            : null;
        var evaluated = read.Suite?.Split ?? read.References.FirstOrDefault(r => r.Kind == SuiteReferenceKind.Split)?.Name ?? card?.DefaultSplit;
        foreach (var reference in read.References)
        {
            if (CheckReference(reference, card, evaluated) is { } message)
            {
                problems.Add(new ConfigProblem(reference.File, reference.Line, reference.Column, message));
            }
        }
        problems.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        var suite = problems.Count == 0 && read.Suite is { } valid && card is not null
            ? valid with
            {
                Scope = valid.Scope ?? card.DefaultScope,
                Split = valid.Split ?? card.DefaultSplit,
                Domain = valid.Domain.Length > 0 ? valid.Domain : card.Domain,
            }
            : null;
        return new SuiteValidation(path, suite, problems) { Warnings = read.Warnings };
    }

    private DatasetCard? CheckDataset(SuiteReference reference, SuiteReadResult read, List<ConfigProblem> problems)
    {
        void Report(string message) => problems.Add(new ConfigProblem(reference.File, reference.Line, reference.Column, message));
        var card = Datasets.Find(reference.Name);
        if (card is null)
        {
            var broken = Datasets.CardProblems.Where(p => Path.GetFileNameWithoutExtension(p.File) == reference.Name).ToArray();
            if (broken.Length > 0)
            {
                Report($"the card of dataset '{reference.Name}' has problems - fix {broken[0].File} ('./harness list datasets' shows them)");
                problems.AddRange(broken);
            }
            else
            {
                Report($"unknown dataset '{reference.Name}'{Suggestions.Hint(reference.Name, Datasets.Cards.Select(c => c.Name))} (cards are in datasets/)");
            }
            return null;
        }
        if (!card.IsImportable)
        {
            Report($"dataset '{card.Name}' has no importer (importer: {card.Importer}) - it holds human labels for calibrating scorers, not evaluation cases");
            return null;
        }
        var split = read.Suite?.Split ?? read.References.FirstOrDefault(r => r.Kind == SuiteReferenceKind.Split)?.Name ?? card.DefaultSplit;
        if (split is not null && card.Splits.ContainsKey(split))
        {
            foreach (var missing in Datasets.MissingFiles(card, split))
            {
                Report(missing);
            }
        }
        return card;
    }

    private string? CheckReference(SuiteReference reference, DatasetCard? card, string? evaluatedSplit)
    {
        switch (reference.Kind)
        {
            case SuiteReferenceKind.TrainingSplit when card is not null && !card.Splits.ContainsKey(reference.Name):
                return $"dataset '{card.Name}' has no split '{reference.Name}' to train on{Suggestions.Hint(reference.Name, card.Splits.Keys)}";
            case SuiteReferenceKind.TrainingSplit when reference.Name == evaluatedSplit:
                return $"the pipeline would train on split '{reference.Name}', which the suite evaluates - a model tested on its training answers measures memory, not skill; train on another split"
                    + (card is not null && card.Splits.Keys.FirstOrDefault(k => k != reference.Name) is { } other ? $" (e.g. '{other}')" : " (this dataset has only one split: use 'data: corpus')");
            case SuiteReferenceKind.TrainingSplit when card is not null:
                return Datasets.MissingFiles(card, reference.Name).FirstOrDefault();
            case SuiteReferenceKind.SelectionSplit when card is not null && !card.Splits.ContainsKey(reference.Name):
                return $"dataset '{card.Name}' has no split '{reference.Name}' to select on{Suggestions.Hint(reference.Name, card.Splits.Keys)} - or select on 'share: 0.2' of the evaluated cases";
            case SuiteReferenceKind.SelectionSplit when reference.Name == evaluatedSplit:
                return $"the variants would be chosen on split '{reference.Name}', which the suite evaluates - the evaluated cases must never take part in selection; select on another split or on 'share: 0.2' of the evaluated cases";
            case SuiteReferenceKind.SelectionSplit when card is not null:
                return Datasets.MissingFiles(card, reference.Name).FirstOrDefault();
            case SuiteReferenceKind.TrainedBase:
                return CheckTrainedBase(reference);
            case SuiteReferenceKind.Split when card is not null && !card.Splits.ContainsKey(reference.Name):
                return $"dataset '{card.Name}' has no split '{reference.Name}'{Suggestions.Hint(reference.Name, card.Splits.Keys)}";
            case SuiteReferenceKind.Label when card is not null && card.Labels.Count == 0:
                return $"dataset '{card.Name}' has no labels, so a label mapping has nothing to map to - remove 'labels:' or use a classification dataset";
            case SuiteReferenceKind.Label when card is not null && !card.Labels.Contains(reference.Name):
                return $"'{reference.Name}' is not a label of dataset '{card.Name}'{Suggestions.Hint(reference.Name, card.Labels)}";
            case SuiteReferenceKind.Embedder when BuiltInEmbedders.Named(reference.Name) is not null:
                return null;
            case SuiteReferenceKind.Generator or SuiteReferenceKind.Embedder or SuiteReferenceKind.Adapter:
                return CheckModel(reference);
            default:
                return null;
        }
    }

    private string? CheckModel(SuiteReference reference)
    {
        var role = reference.Kind switch
        {
            SuiteReferenceKind.Embedder => "embedder",
            SuiteReferenceKind.Adapter => "adapter",
            _ => "generator",
        };
        if (IsModelPath(reference.Name))
        {
            // A bare GGUF path (as the model catalog accepts) has no card to check roles against.
            return File.Exists(Path.GetFullPath(reference.Name))
                ? null
                : $"model file '{reference.Name}' does not exist (relative paths start from the working folder) - fix the path or name a model card";
        }
        var model = Models.Find(reference.Name);
        if (model is null)
        {
            var names = Models.Cards.Where(m => m.HasRole(role)).Select(m => m.Name);
            var extra = role == "embedder" ? $", or built in: {string.Join(", ", BuiltInEmbedders.Names)}" : "";
            return $"unknown model '{reference.Name}' for the {reference.Usage}{Suggestions.Hint(reference.Name, role == "embedder" ? names.Concat(BuiltInEmbedders.Names) : names)} (model cards are in models/{extra})";
        }
        if (!model.HasRole(role))
        {
            var article = role == "generator" ? "a" : "an";
            return $"model '{model.Name}' is not {article} {role} (its card's roles: {string.Join(", ", model.Roles)}) - pick a model card with role {role}";
        }
        return reference.Kind == SuiteReferenceKind.Adapter && model.Base is not null && reference.AppliesTo is not null && model.Base != reference.AppliesTo
            ? $"adapter '{model.Name}' was trained on '{model.Base}' but the pipeline's generator is '{reference.AppliesTo}' - an adapter only fits its base model"
            : null;
    }

    /// <summary>llama.cpp's training API updates F32 weights only; a card that declares another type is refused before anything loads.</summary>
    private string? CheckTrainedBase(SuiteReference reference)
    {
        if (IsModelPath(reference.Name) || Models.Find(reference.Name) is not { } model)
        {
            return null; // an unknown card is reported as the generator; a bare file's type is checked when it loads
        }
        return model.Type is { } type && !string.Equals(type, ModelCard.TrainableType, StringComparison.OrdinalIgnoreCase)
            ? $"the {reference.Usage} is '{model.Name}', whose card says its weights are {type} - llama.cpp fine-tunes only {ModelCard.TrainableType} weights (a quantized model has no gradients); train an {ModelCard.TrainableType} model of it (convert with --outtype f32) or use 'adapter:'"
            : null;
    }

    private static bool IsModelPath(string name) =>
        name.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || name.Contains('/', StringComparison.Ordinal);

    private static List<SuiteValidation> DuplicateNames(List<SuiteValidation> results)
    {
        foreach (var group in results.Where(r => r.Suite is not null).GroupBy(r => r.Suite!.Name).Where(g => g.Count() > 1))
        {
            foreach (var duplicate in group.Skip(1))
            {
                var index = results.IndexOf(duplicate);
                results[index] = duplicate with
                {
                    Suite = null,
                    Problems = [new ConfigProblem(duplicate.Path, 1, 1, $"suite name '{group.Key}' is also used by {group.First().Path} - suite names key baselines and results; make them unique")],
                };
            }
        }
        return results;
    }
}
