using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Harness.Core.Configuration;

/// <summary>
/// Typed, problem-collecting access to one YAML mapping. Every accessor records its key as known, so
/// <see cref="ReportUnknownKeys"/> can flag the rest with a did-you-mean; a value of the wrong type is
/// reported at its own position and read as absent, so reading always goes on.
/// </summary>
public sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    internal YamlMap(YamlMappingNode node, YamlFile file)
    {
        _node = node;
        File = file;
    }

    public YamlFile File { get; }

    public YamlNode Node => _node;

    public IEnumerable<string> Keys => _node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    /// <summary>Whether the key is present (even with a null value); the key counts as known.</summary>
    public bool Has(string key)
    {
        _known.Add(key);
        return Find(key) is not null;
    }

    /// <summary>The raw node of a key (null when absent or explicitly null).</summary>
    public YamlNode? Get(string key)
    {
        _known.Add(key);
        var node = Find(key);
        return node is YamlScalarNode scalar && IsNull(scalar) ? null : node;
    }

    /// <summary>The position of a key itself (for messages about the entry as a whole).</summary>
    public YamlNode KeyNode(string key) =>
        _node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key) ?? _node;

    public void Report(YamlNode node, string message) => File.Report(node, message);

    public void Warn(YamlNode node, string message) => File.Warn(node, message);

    public string? String(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }
        Report(node, $"'{key}' must be a single value, not a {Describe(node)}");
        return null;
    }

    public string? RequiredString(string key, string fix)
    {
        var value = String(key);
        if (value is null && !Has(key))
        {
            Report(_node, $"missing '{key}' - {fix}");
        }
        return value;
    }

    public int? Int(string key, int min = int.MinValue)
    {
        if (Get(key) is not { } node)
        {
            return null;
        }
        if (node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min)
            {
                return value;
            }
            Report(node, $"'{key}' must be at least {min}, got {value}");
            return null;
        }
        Report(node, $"'{key}' must be a whole number, got {Show(node)}");
        return null;
    }

    public double? Double(string key)
    {
        if (Get(key) is not { } node)
        {
            return null;
        }
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            return value;
        }
        Report(node, $"'{key}' must be a number, got {Show(node)}");
        return null;
    }

    public bool? Bool(string key)
    {
        if (Get(key) is not { } node)
        {
            return null;
        }
        if (node is YamlScalarNode { Value: { } text })
        {
            switch (text.ToUpperInvariant())
            {
                case "TRUE" or "YES" or "ON":
                    return true;
                case "FALSE" or "NO" or "OFF":
                    return false;
            }
        }
        Report(node, $"'{key}' must be true or false, got {Show(node)}");
        return null;
    }

    /// <summary>A list of strings; a single value counts as a one-item list.</summary>
    public IReadOnlyList<YamlScalarNode> Strings(string key)
    {
        switch (Get(key))
        {
            case null:
                return [];
            case YamlScalarNode scalar:
                return [scalar];
            case YamlSequenceNode sequence:
                var items = new List<YamlScalarNode>();
                foreach (var item in sequence)
                {
                    if (item is YamlScalarNode scalarItem)
                    {
                        items.Add(scalarItem);
                    }
                    else
                    {
                        Report(item, $"items of '{key}' must be single values, not a {Describe(item)}");
                    }
                }
                return items;
            case var other:
                Report(other, $"'{key}' must be a list of values, not a {Describe(other)}");
                return [];
        }
    }

    public YamlMap? Map(string key)
    {
        switch (Get(key))
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return new YamlMap(mapping, File);
            case var other:
                Report(other, $"'{key}' must be a mapping of 'key: value' entries, not a {Describe(other)}");
                return null;
        }
    }

    /// <summary>A list of mappings; items of another shape are reported and skipped.</summary>
    public IReadOnlyList<YamlMap> Maps(string key)
    {
        switch (Get(key))
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                var maps = new List<YamlMap>();
                foreach (var item in sequence)
                {
                    if (item is YamlMappingNode mapping)
                    {
                        maps.Add(new YamlMap(mapping, File));
                    }
                    else
                    {
                        Report(item, $"items of '{key}' must be mappings of 'key: value' entries, not a {Describe(item)}");
                    }
                }
                return maps;
            case var other:
                Report(other, $"'{key}' must be a list ('- ' items), not a {Describe(other)}");
                return [];
        }
    }

    /// <summary>The entries of a mapping-valued key, in file order, keyed by their scalar keys.</summary>
    public IReadOnlyList<KeyValuePair<YamlScalarNode, YamlNode>> Entries(string key)
    {
        switch (Get(key))
        {
            case null:
                return [];
            case YamlMappingNode mapping:
                return mapping.Children
                    .Where(pair => pair.Key is YamlScalarNode)
                    .Select(pair => new KeyValuePair<YamlScalarNode, YamlNode>((YamlScalarNode)pair.Key, pair.Value))
                    .ToArray();
            case var other:
                Report(other, $"'{key}' must be a mapping of 'key: value' entries, not a {Describe(other)}");
                return [];
        }
    }

    /// <summary>Reports every key no accessor asked for, with the closest known key.</summary>
    public void ReportUnknownKeys(string where)
    {
        foreach (var keyNode in _node.Children.Keys)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!_known.Contains(key))
            {
                Report(keyNode, $"unknown key '{key}' in {where}{Suggestions.Hint(key, _known.Order(StringComparer.Ordinal).ToArray())}");
            }
        }
    }

    internal static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    internal static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };

    private static string Show(YamlNode node) => node is YamlScalarNode { Value: { } text } ? $"'{text}'" : $"a {Describe(node)}";

    private YamlNode? Find(string key) =>
        _node.Children.FirstOrDefault(pair => pair.Key is YamlScalarNode s && s.Value == key).Value;
}
