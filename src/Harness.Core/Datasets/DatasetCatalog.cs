using System.Text;
using System.Text.Json;
using Harness.Core.Configuration;
using Harness.Core.Data;

namespace Harness.Core.Datasets;

/// <summary>
/// The dataset cards of the repository (<c>datasets/*.yaml</c> and <c>datasets/fixtures/*.yaml</c>) and
/// the files the bootstrap linked for them (<c>.cache/datasets/&lt;name&gt;/</c>, or under HARNESS_CACHE);
/// loads a card's split into a <see cref="Dataset"/>.
/// </summary>
public sealed class DatasetCatalog
{
    private readonly Lazy<(Dictionary<string, DatasetCard> Cards, List<ConfigProblem> Problems)> _cards;

    public DatasetCatalog()
        : this(RepositoryPaths.Root, RepositoryPaths.Cache)
    {
    }

    public DatasetCatalog(string root, string cache)
    {
        Root = root;
        Cache = cache;
        _cards = new(ReadCards);
    }

    public string Root { get; }

    public string Cache { get; }

    /// <summary>Where cards are looked for: shipped datasets first, then the test fixtures.</summary>
    public IReadOnlyList<string> CardDirectories => [Path.Combine(Root, "datasets"), Path.Combine(Root, "datasets", "fixtures")];

    /// <summary>Every card that reads cleanly, ordered by name.</summary>
    public IReadOnlyList<DatasetCard> Cards => [.. _cards.Value.Cards.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>Problems of cards that do not read cleanly (those cards are left out of <see cref="Cards"/>).</summary>
    public IReadOnlyList<ConfigProblem> CardProblems => _cards.Value.Problems;

    public DatasetCard? Find(string name) => _cards.Value.Cards.GetValueOrDefault(name);

    public DatasetCard GetCard(string name)
    {
        if (Find(name) is { } card)
        {
            return card;
        }
        var broken = CardProblems.Where(p => Path.GetFileNameWithoutExtension(p.File) == name).ToArray();
        if (broken.Length > 0)
        {
            throw new DatasetException($"the card of dataset '{name}' has problems:{Environment.NewLine}{string.Join(Environment.NewLine, broken)}");
        }
        throw new DatasetException(
            $"unknown dataset '{name}'{Suggestions.Hint(name, _cards.Value.Cards.Keys)} - the datasets are the cards in {CardDirectories[0]}");
    }

    /// <summary>Where a card's file is: beside the card (local) or in the cache; never outside those folders.</summary>
    public string PathOf(DatasetCard card, string fileName) =>
        card.Files.FirstOrDefault(f => f.Name == fileName) is { IsLocal: true }
            ? PathGuard.Resolve(Path.GetDirectoryName(Path.GetFullPath(card.CardPath))!, fileName, $"dataset '{card.Name}': local file")
            : PathGuard.Resolve(Path.Combine(Cache, "datasets", card.Name), fileName, $"dataset '{card.Name}': file");

    /// <summary>The files a split reads (its roles' files, then its id lists), in a fixed order.</summary>
    public static IReadOnlyList<string> FilesOf(DatasetSplit split) =>
        [.. split.Files.Values.Distinct(StringComparer.Ordinal), .. new[] { split.IncludeIds, split.ExcludeIds }.OfType<string>()];

    /// <summary>One message per missing file of a split (all splits when null), each saying how to fix it.</summary>
    public IReadOnlyList<string> MissingFiles(DatasetCard card, string? split = null)
    {
        var names = (split is null ? card.Splits.Values : card.Splits.Where(s => s.Key == split).Select(s => s.Value))
            .SelectMany(FilesOf)
            .Concat(card.IsImportable ? [] : card.Files.Select(f => f.Name))
            .Distinct(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var name in names)
        {
            var path = PathOf(card, name);
            if (File.Exists(path))
            {
                continue;
            }
            var file = card.Files.FirstOrDefault(f => f.Name == name);
            var fix = file is { IsLocal: true }
                ? "the file belongs in the repository beside the card - restore it"
                : $"run ./harness or dotnet build to link it, or set HARNESS_MIRROR to a folder holding '{file?.Mirror ?? name}'";
            missing.Add($"dataset '{card.Name}' ({card.CardPath}): file '{name}' is missing at {path} - {fix}");
        }
        return missing;
    }

    public Dataset Load(string name, DatasetLoadOptions? options = null) => Load(GetCard(name), options);

    public Dataset Load(DatasetCard card, DatasetLoadOptions? options = null)
    {
        options ??= new DatasetLoadOptions();
        var importer = DatasetImporters.Find(card.Importer)
            ?? throw new DatasetException($"dataset '{card.Name}' has importer '{card.Importer}' and cannot be loaded as cases - its files are read by the tools that use them");
        var splitName = options.Split ?? card.DefaultSplit
            ?? throw new DatasetException($"dataset '{card.Name}' declares no splits - add 'splits:' to {card.CardPath}");
        if (!card.Splits.TryGetValue(splitName, out var split))
        {
            throw new DatasetException($"dataset '{card.Name}' has no split '{splitName}'{Suggestions.Hint(splitName, card.Splits.Keys)}");
        }
        if (MissingFiles(card, splitName) is { Count: > 0 } missing)
        {
            throw new DatasetException(string.Join(Environment.NewLine, missing));
        }
        // Hashed before anything is read, so a file changed since the bootstrap verified it stops the run.
        var filesHash = FilesHash(card, split);
        var paths = split.Files.ToDictionary(f => f.Key, f => PathOf(card, f.Value), StringComparer.Ordinal);
        var imported = importer.Import(new DatasetImportContext(card, splitName, paths));
        var cases = Unique(FilterIds(card, split, imported.Cases));
        Corpus corpus;
        try
        {
            corpus = new Corpus(imported.Documents, imported.Passages);
        }
        catch (ArgumentException e)
        {
            throw new DatasetException($"dataset '{card.Name}': two documents or passages share an id ({e.Message}) - the files do not match the '{card.Importer}' importer", e);
        }
        return new Dataset(card.Name, corpus, CaseSampler.Sample(cases, options.Limit, options.Seed))
        {
            FilesHash = filesHash,
        };
    }

    /// <summary>
    /// sha256 over each file's name and sha256, computed from the bytes on disk (fetched files through
    /// their verified stamps); a fetched file that no longer has its card's sha256 is an error.
    /// </summary>
    public string FilesHash(DatasetCard card, DatasetSplit split)
    {
        var text = new StringBuilder();
        foreach (var name in FilesOf(split))
        {
            var file = card.Files.First(f => f.Name == name);
            var path = PathOf(card, name);
            var sha = file.IsLocal ? Hashing.OfFile(path) : Hashing.OfStampedFile(path);
            if (!file.IsLocal && file.Sha256 is { } expected && !string.Equals(sha, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new DatasetException(
                    $"dataset '{card.Name}': {path} has sha256 {sha}, but its card {card.CardPath} says {expected} - the file changed after the bootstrap verified it: "
                    + "run 'bash native/bootstrap.sh' to fetch it again, or, if you changed it on purpose, put the new sha256 in the card");
            }
            text.Append(name).Append(' ').Append(file.Sha256 ?? sha).Append('\n');
        }
        return Hashing.OfText(text.ToString());
    }

    private List<EvalCase> FilterIds(DatasetCard card, DatasetSplit split, IReadOnlyList<EvalCase> cases)
    {
        IEnumerable<EvalCase> kept = cases;
        if (split.IncludeIds is { } include)
        {
            var ids = ReadIds(PathOf(card, include));
            kept = kept.Where(c => ids.Contains(c.Id));
        }
        if (split.ExcludeIds is { } exclude)
        {
            var ids = ReadIds(PathOf(card, exclude));
            kept = kept.Where(c => !ids.Contains(c.Id));
        }
        return [.. kept];
    }

    /// <summary>Case ids from a JSON object's keys, a JSON list, or one id a line.</summary>
    private static HashSet<string> ReadIds(string path)
    {
        var text = File.ReadAllText(path);
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                return json.RootElement.ValueKind == JsonValueKind.Object
                    ? [.. json.RootElement.EnumerateObject().Select(p => p.Name)]
                    : [.. json.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new DatasetException($"{path}: cannot read case ids ({e.Message}) - give a JSON object, a JSON list, or one id a line", e);
            }
        }
        return [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
    }

    /// <summary>Case ids key results; a repeated id becomes an error case instead of overwriting the first.</summary>
    private static List<EvalCase> Unique(List<EvalCase> cases)
    {
        var seen = new Dictionary<string, EvalCase>(StringComparer.Ordinal);
        var result = new List<EvalCase>(cases.Count);
        foreach (var evalCase in cases)
        {
            if (seen.TryAdd(evalCase.Id, evalCase))
            {
                result.Add(evalCase);
                continue;
            }
            var id = evalCase.Id;
            for (var n = 2; seen.ContainsKey(id); n++)
            {
                id = $"{evalCase.Id}~{n}";
            }
            var duplicate = Rows.Error(id, evalCase.Split, evalCase.Source ?? "", $"duplicate case id '{evalCase.Id}' (first at {seen[evalCase.Id].Source})");
            seen.Add(id, duplicate);
            result.Add(duplicate);
        }
        return result;
    }

    private (Dictionary<string, DatasetCard>, List<ConfigProblem>) ReadCards()
    {
        var cards = new Dictionary<string, DatasetCard>(StringComparer.Ordinal);
        var problems = new List<ConfigProblem>();
        foreach (var path in CardDirectories.Where(Directory.Exists).SelectMany(d => Directory.GetFiles(d, "*.yaml")).Order(StringComparer.Ordinal))
        {
            var (card, cardProblems) = DatasetCardReader.Read(path);
            problems.AddRange(cardProblems);
            if (card is null)
            {
                continue;
            }
            if (!cards.TryAdd(card.Name, card))
            {
                problems.Add(new ConfigProblem(path, 1, 1, $"dataset '{card.Name}' is also defined by {cards[card.Name].CardPath} - give each card its own name"));
            }
        }
        return (cards, problems);
    }
}
