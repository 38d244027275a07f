using System.Globalization;
using Harness.Core.Suites;

namespace Harness.Core.Caching;

/// <summary>
/// Everything a fine-tuned model depends on: the base model's sha256, the training texts (hashed), every
/// training setting, and the native build. Its sha256 names the trained model in the cache, so a changed
/// setting, prompt or document trains a new model and an unchanged one reuses the old.
/// </summary>
public sealed record TrainedModelKey(string BaseSha256, string DataSha256, TrainingDefinition Settings, string NativeBuild)
{
    /// <summary>Bumped when the way texts become windows, or which epoch's weights are kept, changes, so older cached models are not reused (2: early stopping keeps the best epoch).</summary>
    public const int Format = 2;

    /// <summary>sha256 over the texts, in order, each followed by a NUL.</summary>
    public static string HashData(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Hashing.OfParts(texts);
    }

    public string Hash()
    {
        // The data source and limit are in the data hash already (they decide which texts there are).
        var text = string.Create(CultureInfo.InvariantCulture,
            $"format={Format}\nbase={BaseSha256}\ndata={DataSha256}\nepochs={Settings.Epochs}\nlearning_rate={Settings.LearningRate:R}\ncontext={Settings.Context}\nbatch={Settings.Batch}\nseed={Settings.Seed}\nvalidation={Settings.Validation:R}\npatience={Settings.Patience}\nnative={NativeBuild}");
        return Hashing.OfText(text);
    }
}
