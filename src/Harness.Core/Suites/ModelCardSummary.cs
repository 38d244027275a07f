using Harness.Core.Configuration;

namespace Harness.Core.Suites;

/// <summary>What suite validation and listings need from a model card (models/&lt;name&gt;.yaml).</summary>
public sealed record ModelCardSummary(string Name, string Description, IReadOnlyList<string> Roles, string? Base, string? File, string CardPath)
{
    /// <summary>Reads every card in a folder; a card that does not parse is left out (the bootstrap reports it).</summary>
    public static IReadOnlyList<ModelCardSummary> ReadAll(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var cards = new List<ModelCardSummary>();
        foreach (var path in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            if (YamlFile.Load(path).Root is not { } root)
            {
                continue;
            }
            cards.Add(new ModelCardSummary(
                root.String("name") ?? Path.GetFileNameWithoutExtension(path),
                root.String("description") ?? "",
                [.. root.Strings("roles").Select(r => r.Value ?? "")],
                root.String("base"),
                root.String("file"),
                path));
        }
        return cards;
    }

    public bool HasRole(string role) => Roles.Count == 0 || Roles.Contains(role);
}
