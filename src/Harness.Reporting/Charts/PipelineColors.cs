using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Harness.Reporting.Charts;

/// <summary>
/// A pipeline's colour, the same in every chart of a report and in every run of a suite: the
/// SHA-256 of its name picks a colour of a fixed palette. When two pipelines of one set would share
/// a colour, the later name (in ordinal order) takes the next free one, so the colours depend only
/// on the set of names, never on their order.
/// </summary>
public sealed class PipelineColors
{
    /// <summary>Tableau's ten categorical colours.</summary>
    public static IReadOnlyList<string> Palette { get; } =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

    private readonly Dictionary<string, string> _colors = new(StringComparer.Ordinal);

    public PipelineColors(IEnumerable<string> pipelines)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        var taken = new HashSet<int>();
        foreach (var name in pipelines.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var slot = PreferredSlot(name);
            // With more pipelines than colours, colours repeat; below that, none is shared.
            for (var probe = 0; probe < Palette.Count && taken.Contains(slot); probe++)
            {
                slot = (slot + 1) % Palette.Count;
            }
            taken.Add(slot);
            _colors[name] = Palette[slot];
        }
    }

    /// <summary>The pipeline's colour; a name outside the set gets its preferred colour.</summary>
    public string this[string pipeline] => _colors.TryGetValue(pipeline, out var color) ? color : Palette[PreferredSlot(pipeline)];

    /// <summary>The palette slot a name hashes to (stable across processes, unlike string.GetHashCode).</summary>
    internal static int PreferredSlot(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(hash) % (uint)Palette.Count);
    }
}
