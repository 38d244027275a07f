namespace Harness.Core.Models;

/// <summary>
/// A language model's log-probability of each token of a text given the tokens before it (the first
/// token given the beginning of sequence). The seam between the fluency metric and whatever runs the model.
/// </summary>
public interface ITokenLogProbabilities
{
    /// <summary>The model's name, for diagnostics ("stories260K").</summary>
    string Name { get; }

    /// <summary>ln p(token_i | tokens before it) for every token of <paramref name="text"/>; empty when the text has no tokens.</summary>
    ValueTask<IReadOnlyList<double>> ScoreAsync(string text, CancellationToken cancellationToken);
}
