using System.Text.Json;
using System.Text.Json.Serialization;
using Harness.Core;
using Harness.Core.Statistics;

namespace Harness.Metrics.Faithfulness.Semantic;

/// <summary>
/// The fitted semantic scorer, as committed in <see cref="DefaultPath"/>: the embedder its similarity
/// feature needs ("none": lexical features only), the feature names, the logistic model, the decision
/// threshold and how it was chosen, and the data it was fitted on (with that file's sha256) and its
/// cross-validated AUROC there. <c>./harness calibrate --scorer semantic --refit [--embedder name]</c> rewrites it.
/// </summary>
public sealed record SemanticSupportModel
{
    /// <summary>models/scorers/semantic-support.json in the repository.</summary>
    public static string DefaultPath => Path.Combine(RepositoryPaths.Root, "models", "scorers", "semantic-support.json");

    public const string NoEmbedder = "none";

    public required string Embedder { get; init; }
    public required IReadOnlyList<string> Features { get; init; }
    public required LogisticModel Model { get; init; }
    /// <summary>P(supported) at or above which a claim is supported.</summary>
    public required double Threshold { get; init; }
    public required string ThresholdRule { get; init; }
    public required string FittedOn { get; init; }
    public required string DataSha256 { get; init; }
    public int Items { get; init; }
    public int Positives { get; init; }
    /// <summary>AUROC of the out-of-fold probabilities of a k-fold cross-validation on the fitting data (held-out, not in-sample).</summary>
    public double? CrossValidatedAuroc { get; init; }
    /// <summary>The bootstrap 95% CI of <see cref="CrossValidatedAuroc"/>, resampling claims.</summary>
    public ConfidenceInterval? CrossValidatedAurocInterval { get; init; }
    /// <summary>The same claims scored by the scorer the fit must beat to become the default (lexical).</summary>
    public BaselineComparison? Baseline { get; init; }
    public int Folds { get; init; }
    public DateTimeOffset FittedAt { get; init; }

    /// <summary>The first 16 hex digits of the sha256 of the file's text: part of the scorer's identity.</summary>
    [JsonIgnore]
    public string Sha256 { get; private init; } = "";

    public static SemanticSupportModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the semantic scorer's coefficients are missing at {path}: restore the file from git or refit them with ./harness calibrate --scorer semantic --refit", path);
        }
        var text = File.ReadAllText(path);
        try
        {
            var model = JsonSerializer.Deserialize<SemanticSupportModel>(text, HarnessJson.Options)
                ?? throw new InvalidDataException($"{path} is empty");
            if (model.Model.Weights.Count != model.Features.Count)
            {
                throw new InvalidDataException($"{path}: {model.Features.Count} features but {model.Model.Weights.Count} weights - refit with ./harness calibrate --scorer semantic --refit");
            }
            return model with { Sha256 = Hash(text) };
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not a semantic scorer model ({exception.Message}): refit with ./harness calibrate --scorer semantic --refit", exception);
        }
    }

    public string Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var text = JsonSerializer.Serialize(this with { Sha256 = "" }, HarnessJson.Indented) + "\n";
        File.WriteAllText(path, text);
        return Hash(text);
    }

    private static string Hash(string text) => Hashing.OfText(text)[..16];
}

/// <summary>
/// A baseline scorer on the fitting claims: its AUROC, and the paired bootstrap 95% CI of
/// (cross-validated AUROC of the fit − baseline AUROC); a CI above 0 means the fit beats it.
/// </summary>
public sealed record BaselineComparison(string Scorer, string Identity, ConfidenceInterval? Auroc, ConfidenceInterval? Difference);
