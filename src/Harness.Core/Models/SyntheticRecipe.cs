using Harness.Core.Configuration;

namespace Harness.Core.Models;

/// <summary>
/// A model card's <c>synthetic:</c> block: the harness makes the card's file itself (<see cref="Command"/>) instead of
/// fetching it, from the file of card <see cref="From"/>. With a <see cref="Llama"/> shape it writes random weights
/// drawn from <see cref="Seed"/>, of the card's <c>type</c>, with that model's tokenizer (speed, memory and shape
/// checks only: the text is noise); without one, that model's own tensors with the card's <c>chat_template</c> added.
/// </summary>
public sealed record SyntheticRecipe
{
    /// <summary>The card whose file gives the tokenizer (and, for a copy, the tensors).</summary>
    public required string From { get; init; }

    public ulong? Seed { get; init; }

    /// <summary>The shape as llama.cpp's metadata keys after <c>llama.</c> (embedding_length: 768, …); empty for a copy.</summary>
    public IReadOnlyDictionary<string, int> Llama { get; init; } = new Dictionary<string, int>();

    /// <summary>What is wrong with the block, as <c>file:line:col</c> problems; making the file refuses while any remain.</summary>
    public IReadOnlyList<ConfigProblem> Problems { get; init; } = [];

    /// <summary>What the file is, in a few words.</summary>
    public string Kind => Llama.Count > 0 ? $"random weights with the tokenizer of '{From}'" : $"a copy of '{From}' with the card's chat template";

    /// <summary>The command that makes the file of card <paramref name="name"/>.</summary>
    public static string Command(string name) => $"./harness model synth {name}";

    internal static SyntheticRecipe Read(YamlMap block)
    {
        var from = block.RequiredString("from", "name the card whose file gives the tokenizer (e.g. from: stories260K)");
        var seed = block.Int("seed", min: 0);
        var llama = new Dictionary<string, int>(StringComparer.Ordinal);
        if (block.Map("llama") is { } shape)
        {
            foreach (var key in shape.Keys.ToArray())
            {
                if (shape.Int(key, min: 1) is { } value)
                {
                    llama[key] = value;
                }
            }
        }
        if (llama.Count > 0 && seed is null)
        {
            block.Report(block.KeyNode("llama"), "random weights need a 'seed:' (a whole number): the same seed makes the same file on every machine");
        }
        block.ReportUnknownKeys("synthetic");
        return new SyntheticRecipe { From = from ?? "", Seed = seed is { } s ? (ulong)s : null, Llama = llama, Problems = [.. block.File.Problems] };
    }
}
