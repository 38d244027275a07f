using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Harness.Core.Configuration;

/// <summary>One value written over a mapping: the keys down to it ("retriever", "chunk", "words"), the value, and the node that asked for it.</summary>
/// <param name="Keys">The path of keys from the mapping the overlay is applied to.</param>
/// <param name="Value">The value written at the path, with its own position.</param>
/// <param name="Origin">Where the override was asked for: keys and mappings the mapping lacks are placed there.</param>
internal sealed record YamlOverride(IReadOnlyList<string> Keys, YamlScalarNode Value, YamlNode Origin);

/// <summary>
/// A copy of a mapping with values written over it (a sweep's variant of a pipeline), built from parser events so that
/// every node keeps the line and column it was read from: the values keep theirs, and keys or mappings the original
/// lacks take their override's origin. A problem a reader finds in the copy is reported where the user wrote it.
/// A scalar with values written beneath it becomes a mapping (the reader reports the conflict where one matters).
/// </summary>
internal static class YamlOverlay
{
    public static YamlMappingNode Apply(YamlMappingNode mapping, string dropKey, IReadOnlyList<YamlOverride> overrides)
    {
        var events = new List<ParsingEvent> { new StreamStart(), new DocumentStart() };
        Mapping(events, mapping, mapping.Start, mapping.End, [.. overrides.Select(o => (o.Keys, o))], dropKey);
        events.Add(new DocumentEnd(isImplicit: true));
        events.Add(new StreamEnd());
        var stream = new YamlStream();
        stream.Load(new Replay(events));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static void Mapping(List<ParsingEvent> events, YamlMappingNode? mapping, Mark start, Mark end, List<(IReadOnlyList<string> Remaining, YamlOverride Override)> overrides, string? dropKey)
    {
        events.Add(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Any, start, end));
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (name == dropKey)
            {
                continue;
            }
            written.Add(name);
            Node(events, key);
            Value(events, value, [.. overrides.Where(o => o.Remaining[0] == name)]);
        }
        foreach (var group in overrides.Where(o => !written.Contains(o.Remaining[0])).GroupBy(o => o.Remaining[0], StringComparer.Ordinal))
        {
            var origin = group.First().Override.Origin;
            events.Add(new Scalar(AnchorName.Empty, TagName.Empty, group.Key, ScalarStyle.Plain, true, false, origin.Start, origin.End));
            Value(events, null, [.. group]);
        }
        events.Add(new MappingEnd(end, end));
    }

    /// <summary>A key's value: as it is, the override's value, or a mapping with the overrides beneath it.</summary>
    private static void Value(List<ParsingEvent> events, YamlNode? value, List<(IReadOnlyList<string> Remaining, YamlOverride Override)> here)
    {
        if (here.Count == 0)
        {
            Node(events, value!);
        }
        else if (here.FirstOrDefault(o => o.Remaining.Count == 1) is { Override: { } leaf })
        {
            Node(events, leaf.Value);
        }
        else
        {
            var origin = value ?? here[0].Override.Origin;
            Mapping(events, value as YamlMappingNode, origin.Start, origin.End, [.. here.Select(o => ((IReadOnlyList<string>)[.. o.Remaining.Skip(1)], o.Override))], dropKey: null);
        }
    }

    private static void Node(List<ParsingEvent> events, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
                events.Add(new Scalar(AnchorName.Empty, scalar.Tag, scalar.Value ?? "", scalar.Style, scalar.Tag.IsEmpty && plain, scalar.Tag.IsEmpty && !plain, scalar.Start, scalar.End));
                break;
            case YamlSequenceNode sequence:
                events.Add(new SequenceStart(AnchorName.Empty, sequence.Tag, sequence.Tag.IsEmpty, sequence.Style, sequence.Start, sequence.End));
                foreach (var item in sequence)
                {
                    Node(events, item);
                }
                events.Add(new SequenceEnd(sequence.End, sequence.End));
                break;
            case YamlMappingNode mapping:
                Mapping(events, mapping, mapping.Start, mapping.End, [], dropKey: null);
                break;
            default:
                throw new ArgumentException($"a YAML node of type {node.NodeType} cannot be copied", nameof(node));
        }
    }

    /// <summary>A parser that hands back events already made.</summary>
    private sealed class Replay(IReadOnlyList<ParsingEvent> events) : IParser
    {
        private int _next;

        public ParsingEvent? Current { get; private set; }

        public bool MoveNext()
        {
            Current = _next < events.Count ? events[_next++] : null;
            return Current is not null;
        }
    }
}
