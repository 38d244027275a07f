using System.Globalization;
using Harness.Core.Data;
using Microsoft.Extensions.AI;

namespace Harness.Metrics.Faithfulness.Semantic;

/// <summary>
/// Deterministic support from lexical features and, when the model was fitted with one, the sentence
/// embedding similarity of the claim and its best evidence window (<see cref="SupportFeatures"/>),
/// combined by a logistic model fitted on ExpertQA val (<see cref="SemanticSupportModel"/>). The score
/// is P(supported); the claim is supported at or above the model's threshold.
/// </summary>
public sealed class SemanticSupportScorer : ISupportScorer
{
    private readonly SemanticSupportModel _model;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;

    /// <param name="model">The fitted model.</param>
    /// <param name="embedder">The sentence embedder named by <see cref="SemanticSupportModel.Embedder"/>; null when it is "none".</param>
    public SemanticSupportScorer(SemanticSupportModel model, IEmbeddingGenerator<string, Embedding<float>>? embedder)
    {
        ArgumentNullException.ThrowIfNull(model);
        var needs = model.Embedder != SemanticSupportModel.NoEmbedder;
        if (needs != (embedder is not null))
        {
            throw new ArgumentException(needs
                ? $"the semantic scorer was fitted with the '{model.Embedder}' embedder: pass it"
                : "the semantic scorer was fitted without an embedder: pass none", nameof(embedder));
        }
        _model = model;
        _embedder = embedder;
    }

    public string Name => "semantic";

    public string Identity => $"semantic:v1:embedder={_model.Embedder}:coefficients={_model.Sha256}";

    public async ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(context);
        var (features, window) = await SupportFeatures.ComputeAsync(claim, context, _embedder, cancellationToken).ConfigureAwait(false);
        if (window is null)
        {
            return SupportVerdict.Unsupported(0, "the context is empty");
        }
        var probability = _model.Model.Probability(features);
        var supported = probability >= _model.Threshold;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"P(supported) {probability:0.00} {(supported ? "≥" : "<")} {_model.Threshold:0.00} ({string.Join(", ", _model.Features.Select((name, i) => $"{name} {features[i]:0.00}"))}); best match in {window.PassageId}");
        var verdict = supported ? SupportVerdict.Supported(probability, reason) : SupportVerdict.Unsupported(probability, reason);
        return verdict with { EvidenceId = window.PassageId, Evidence = window.Text };
    }
}
