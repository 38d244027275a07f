using System.Collections.Concurrent;
using System.Globalization;
using Harness.Core.Configuration;
using Harness.Core.Results;

namespace Harness.Core.Models;

/// <summary>
/// The model cards of the repository and where their files are: the bootstrap links each card's file
/// into <c>.cache/models/</c>, verified by sha256, except a synthetic card's, which <c>./harness model synth</c>
/// makes there. A name that is a path to a .gguf file is taken as is.
/// </summary>
public sealed class ModelCatalog
{
    private readonly Lazy<IReadOnlyDictionary<string, ModelCard>> _cards;
    // sha256 of files without a card's hash, by path, size and modification time: a run's configuration and its
    // pipelines both ask, and a model file is gigabytes.
    private readonly ConcurrentDictionary<(string Path, long Length, DateTime Modified), string> _fileHashes = new();

    public ModelCatalog()
        : this(Path.Combine(RepositoryPaths.Root, "models"), Path.Combine(RepositoryPaths.Cache, "models"))
    {
    }

    public ModelCatalog(string cardDirectory, string fileDirectory)
    {
        CardDirectory = cardDirectory;
        FileDirectory = fileDirectory;
        _cards = new(() => ReadAll(cardDirectory));
    }

    public string CardDirectory { get; }

    public string FileDirectory { get; }

    public IReadOnlyList<ModelCard> Cards => [.. _cards.Value.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    public ModelCard? Find(string name) => _cards.Value.GetValueOrDefault(name);

    /// <summary>The card of that name; an unknown name throws with the closest card names.</summary>
    public ModelCard Get(string name) =>
        Find(name) ?? throw new ModelNotFoundException(
            $"no model card '{name}' in {CardDirectory}{Suggestions.Hint(name, _cards.Value.Keys)} - write models/{name}.yaml or pass a path to a .gguf file");

    /// <summary>
    /// The file to load for a card name or a path, with the sha256 it must have (null for a bare path).
    /// A card whose file is not in the cache throws with the command that links it (or makes it, for a synthetic card).
    /// </summary>
    public ResolvedModel Resolve(string nameOrPath)
    {
        if (nameOrPath.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || nameOrPath.Contains('/', StringComparison.Ordinal))
        {
            return new ResolvedModel(Path.GetFileNameWithoutExtension(nameOrPath), Path.GetFullPath(nameOrPath), null, null);
        }
        var card = Get(nameOrPath);
        var path = PathGuard.Resolve(FileDirectory, card.File, $"model card '{card.Name}': file");
        if (!File.Exists(path) && card.Synthetic is not null)
        {
            throw new ModelNotFoundException(
                $"model card '{card.Name}' names {card.File}, which is not in {FileDirectory} - the harness makes it ({card.Synthetic.Kind}): run '{SyntheticRecipe.Command(card.Name)}'");
        }
        if (!File.Exists(path))
        {
            throw new ModelNotFoundException(
                $"model card '{card.Name}' names {card.File}, which is not in {FileDirectory} - run 'bash native/bootstrap.sh' (or any build) to link it from the mirror or download it");
        }
        return new ResolvedModel(card.Name, path, card.Sha256, card);
    }

    /// <summary>What a run records of a model file: its name, role, path and sha256 (the card's, else the file's, hashed once per catalog).</summary>
    public ModelFileInfo FileInfo(ResolvedModel model, string role)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new ModelFileInfo(model.Name, role, model.Path, model.Sha256 ?? FileSha256(model.Path));
    }

    private string FileSha256(string path)
    {
        var file = new FileInfo(path);
        return _fileHashes.GetOrAdd((file.FullName, file.Length, file.LastWriteTimeUtc), key => Hashing.OfFile(key.Path));
    }

    private static Dictionary<string, ModelCard> ReadAll(string directory)
    {
        var cards = new Dictionary<string, ModelCard>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return cards;
        }
        foreach (var path in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            if (YamlFile.Load(path).Root is not { } root)
            {
                continue; // a card that does not parse is reported by the bootstrap and by 'harness validate'
            }
            var name = root.String("name") ?? Path.GetFileNameWithoutExtension(path);
            cards[name] = new ModelCard
            {
                Name = name,
                Description = root.String("description") ?? "",
                Roles = [.. root.Strings("roles").Select(r => r.Value ?? "")],
                File = root.String("file") ?? "",
                Sha256 = root.String("sha256") ?? "",
                Url = root.String("url"),
                Licence = root.String("licence"),
                Base = root.String("base"),
                Scale = float.TryParse(root.String("scale"), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) ? scale : 1f,
                ChatTemplate = root.String("chat_template"),
                Type = root.String("type"),
                Synthetic = root.Map("synthetic") is { } synthetic ? SyntheticRecipe.Read(synthetic) : null,
                CardPath = path,
            };
        }
        return cards;
    }
}

/// <summary>A model file to load: its card name, path, and the sha256 it must have (null for a bare path).</summary>
public sealed record ResolvedModel(string Name, string Path, string? Sha256, ModelCard? Card);

/// <summary>A model card or its file cannot be found.</summary>
public sealed class ModelNotFoundException(string message) : Exception(message);
