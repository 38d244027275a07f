using Harness.Core.Suites;

namespace Harness.Core.Models;

/// <summary>An embedder built into Harness.Retrieval, which a suite names without a model card.</summary>
/// <param name="Name">The name a suite uses (<c>embedder: minilm</c>).</param>
/// <param name="Window">Its input window in word pieces, [CLS] and [SEP] included (null: none; LSA reads whole texts); validation warns about chunks longer than this.</param>
/// <param name="Description">What it is, as <c>list pipelines</c> shows it.</param>
public sealed record BuiltInEmbedder(string Name, int? Window, string Description);

/// <summary>
/// The registry of built-in embedders: the suite reader, the validator and <c>list</c> read it here;
/// Harness.Retrieval's providers implement each one under the same entry.
/// </summary>
public static class BuiltInEmbedders
{
    public static BuiltInEmbedder Lsa { get; } = new(RetrieverDefinition.DefaultEmbedder, null, "latent semantic analysis trained on the corpus (no model file)");

    public static BuiltInEmbedder MiniLm { get; } = new("minilm", 256, "all-MiniLM-L6-v2 on ONNX Runtime, 384 dimensions");

    public static BuiltInEmbedder ArcticXs { get; } = new("arctic-xs", 512, "snowflake-arctic-embed-xs on ONNX Runtime, 384 dimensions");

    public static IReadOnlyList<BuiltInEmbedder> All { get; } = [Lsa, MiniLm, ArcticXs];

    public static IEnumerable<string> Names => All.Select(e => e.Name);

    /// <summary>The built-in embedder of that name, or null.</summary>
    public static BuiltInEmbedder? Named(string name) => All.FirstOrDefault(e => e.Name == name);
}
