using Harness.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace Harness.Core.Datasets;

/// <summary>Reads and checks a dataset card; every problem is reported with its position.</summary>
public static class DatasetCardReader
{
    public static (DatasetCard? Card, IReadOnlyList<ConfigProblem> Problems) Read(string path)
    {
        var file = YamlFile.Load(path);
        if (file.Root is not { } root)
        {
            return (null, file.Problems);
        }
        var name = root.RequiredString("name", $"add 'name: {Path.GetFileNameWithoutExtension(path)}'") ?? Path.GetFileNameWithoutExtension(path);
        if (root.Has("name") && !PathGuard.IsSafeName(name))
        {
            root.Report(root.Get("name")!, $"dataset name '{name}' may hold only {PathGuard.NameRule} - it names the dataset's folder in the cache");
        }
        var importerName = root.RequiredString("importer", $"add 'importer: <{string.Join("|", DatasetImporters.Names)}>'") ?? DatasetImporters.None;
        var importer = DatasetImporters.Find(importerName);
        if (importer is null && importerName != DatasetImporters.None)
        {
            root.Report(root.Get("importer")!, $"unknown importer '{importerName}'{Suggestions.Hint(importerName, DatasetImporters.Names)}");
        }
        var files = root.Maps("files").Select(entry => ReadFile(entry, Path.GetDirectoryName(Path.GetFullPath(path))!)).OfType<DatasetFile>().ToArray();
        var fields = ReadFields(root, importer);
        var splits = ReadSplits(root, importer, files);
        var defaultSplit = root.String("default_split");
        if (defaultSplit is not null && !splits.ContainsKey(defaultSplit))
        {
            root.Report(root.Get("default_split")!, $"default_split '{defaultSplit}' is not one of the card's splits{Suggestions.Hint(defaultSplit, splits.Keys)}");
        }
        var card = new DatasetCard
        {
            Name = name,
            Description = root.String("description") ?? "",
            Domain = root.String("domain") ?? "",
            Licence = root.String("licence") ?? "",
            Homepage = root.String("homepage"),
            Importer = importerName,
            DefaultScope = ReadScope(root, "scope") ?? RetrievalScope.Corpus,
            DefaultSplit = defaultSplit ?? splits.Keys.FirstOrDefault(),
            Files = files,
            Splits = splits,
            Fields = fields,
            Labels = root.Strings("labels").Select(t => t.Value ?? "").ToArray(),
            Tags = root.Strings("tags").Select(t => t.Value ?? "").ToArray(),
            CardPath = path,
        };
        root.ReportUnknownKeys("a dataset card");
        return (file.Problems.Count == 0 ? card : null, file.Problems);
    }

    /// <summary>Reads a scope value ("document" or "corpus"), reporting anything else.</summary>
    public static RetrievalScope? ReadScope(YamlMap map, string key)
    {
        var value = map.String(key);
        switch (value)
        {
            case null:
                return null;
            case "document":
                return RetrievalScope.Document;
            case "corpus":
                return RetrievalScope.Corpus;
            default:
                map.Report(map.Get(key)!, $"unknown {key} '{value}'{Suggestions.Hint(value, ["document", "corpus"])}");
                return null;
        }
    }

    private static DatasetFile? ReadFile(YamlMap entry, string cardDirectory)
    {
        var cached = entry.String("path");
        var local = entry.String("local");
        var sha = entry.String("sha256");
        var url = entry.String("url");
        var mirror = entry.String("mirror");
        entry.ReportUnknownKeys("a file entry");
        if (entry.Keys.FirstOrDefault() is { } first && first != "path" && first != "local")
        {
            // native/cards/link.sh reads lines, not YAML: an entry starts at its 'path:' line.
            entry.Report(entry.Node, $"a file entry must start with 'path:' (or 'local:'), not '{first}:' - the bootstrap reads entries line by line");
        }
        if ((cached is null) == (local is null))
        {
            entry.Report(entry.Node, "a file entry needs exactly one of 'path:' (fetched into the cache) or 'local:' (a file beside the card)");
            return null;
        }
        if (cached is not null && !PathGuard.StaysInside(cached))
        {
            entry.Report(entry.Get("path")!, $"'path: {cached}' leaves the dataset's cache folder - give a relative path without '..' (the bootstrap writes the file there)");
            return null;
        }
        if (local is not null && PathGuard.TryResolve(cardDirectory, local) is null)
        {
            entry.Report(entry.Get("local")!, $"'local: {local}' is not beside the card - give a path inside {cardDirectory}, without '..'");
            return null;
        }
        if (cached is not null && (sha is null || sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
        {
            entry.Report(entry.Get("sha256") ?? entry.Node, $"file '{cached}' needs its full sha256 (64 hex digits) - run: sha256sum {cached}");
        }
        if (cached is not null && url is null && mirror is null)
        {
            entry.Report(entry.Node, $"file '{cached}' needs a 'url:' (public source) or a 'mirror:' path so the bootstrap can fetch it");
        }
        return new DatasetFile(cached ?? local!, local is not null, sha, url, mirror);
    }

    private static Dictionary<string, string> ReadFields(YamlMap root, IDatasetImporter? importer)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in root.Entries("fields"))
        {
            var name = key.Value ?? "";
            if (importer is not null && !importer.FieldKeys.Contains(name))
            {
                var hint = importer.FieldKeys.Count == 0
                    ? $" - the '{importer.Name}' importer reads a fixed format and takes no field mapping"
                    : Suggestions.Hint(name, importer.FieldKeys);
                root.Report(key, $"unknown field '{name}'{hint}");
            }
            if (value is YamlScalarNode { Value: { Length: > 0 } source })
            {
                fields[name] = source;
            }
            else
            {
                root.Report(value, $"field '{name}' must name a source field (e.g. '{name}: {name}', or 'meta.{name}' for a nested one)");
            }
        }
        return fields;
    }

    private static Dictionary<string, DatasetSplit> ReadSplits(YamlMap root, IDatasetImporter? importer, IReadOnlyList<DatasetFile> files)
    {
        var splits = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
        var declared = files.Select(f => f.Name).ToArray();
        foreach (var (key, value) in root.Entries("splits"))
        {
            var name = key.Value ?? "";
            if (value is not YamlMappingNode)
            {
                root.Report(value, $"split '{name}' must be a mapping with 'files: {{ <role>: <file> }}'");
                continue;
            }
            var split = root.Map("splits")!.Map(name)!;
            var roles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (roleKey, fileNode) in split.Entries("files"))
            {
                var role = roleKey.Value ?? "";
                var fileName = (fileNode as YamlScalarNode)?.Value ?? "";
                CheckDeclared(split, fileNode, fileName, declared);
                if (importer is not null && !importer.RequiredFiles.Contains(role) && !importer.OptionalFiles.Contains(role))
                {
                    split.Report(roleKey, $"the '{importer.Name}' importer reads no '{role}' file{Suggestions.Hint(role, [.. importer.RequiredFiles, .. importer.OptionalFiles])}");
                }
                roles[role] = fileName;
            }
            foreach (var missing in importer?.RequiredFiles.Where(r => !roles.ContainsKey(r)) ?? [])
            {
                split.Report(split.Node, $"split '{name}' needs a '{missing}' file for the '{importer!.Name}' importer - add it under 'files:'");
            }
            var include = split.String("include_ids");
            var exclude = split.String("exclude_ids");
            foreach (var idsKey in new[] { "include_ids", "exclude_ids" })
            {
                if (split.String(idsKey) is { } idsFile)
                {
                    CheckDeclared(split, split.Get(idsKey)!, idsFile, declared);
                }
            }
            split.ReportUnknownKeys($"split '{name}'");
            splits[name] = new DatasetSplit(name, roles, include, exclude);
        }
        return splits;
    }

    private static void CheckDeclared(YamlMap map, YamlNode node, string fileName, string[] declared)
    {
        if (!declared.Contains(fileName, StringComparer.Ordinal))
        {
            map.Report(node, $"'{fileName}' is not one of the card's files{Suggestions.Hint(fileName, declared)}");
        }
    }
}
