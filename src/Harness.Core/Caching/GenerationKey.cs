using System.Globalization;
using System.Text;

namespace Harness.Core.Caching;

/// <summary>
/// Everything generation output depends on (docs/architecture.md, "Determinism and caching"): model and adapter
/// hashes with scales, the exact prompt, sampler settings, seed, token limit and the native build.
/// Its sha256 is the generation cache key.
/// </summary>
public sealed record GenerationKey(
    string ModelSha256,
    IReadOnlyList<(string Sha256, float Scale)> Adapters,
    string Prompt,
    string SamplerSettings,
    int Seed,
    int MaxTokens,
    string NativeBuild)
{
    public string Hash()
    {
        var text = new StringBuilder()
            .Append("model=").Append(ModelSha256).Append('\n');
        foreach (var (sha256, scale) in Adapters)
        {
            text.Append("adapter=").Append(sha256).Append('@').Append(scale.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        text.Append("sampler=").Append(SamplerSettings).Append('\n')
            .Append("seed=").Append(Seed.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("max_tokens=").Append(MaxTokens.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("native=").Append(NativeBuild).Append('\n')
            .Append("prompt=").Append(Prompt);
        return Hashing.OfText(text.ToString());
    }
}
