using Harness.Core.Data;

namespace Harness.Metrics.Faithfulness;

/// <summary>
/// Decides whether a context entails a claim. Implementations return <see cref="SupportVerdict.Error"/>
/// when they cannot decide (an unparseable judge answer); such a claim never counts as supported.
/// </summary>
public interface ISupportScorer
{
    /// <summary>A short name for reports and diagnostics, e.g. "lexical" or "llm-judge".</summary>
    string Name { get; }

    /// <summary>Everything that changes its verdicts (version, threshold, coefficients, model, prompt): a calibration counts only for the same identity.</summary>
    string Identity => Name;

    ValueTask<SupportVerdict> ScoreAsync(string claim, IReadOnlyList<Passage> context, CancellationToken cancellationToken);
}

/// <summary>What a support scorer decided about a claim.</summary>
public enum SupportOutcome
{
    Supported,
    Unsupported,
    /// <summary>The scorer could not decide; the claim's metrics become errors, never a pass.</summary>
    Error,
}

/// <summary>
/// A support decision with a score in [0, 1] (higher = more strongly supported, for calibration
/// against human labels), the reason shown in drill-down, and the evidence window that decided it
/// (<see cref="EvidenceId"/>: its passage; <see cref="Evidence"/>: the sentence(s) matched), when
/// the scorer picks one.
/// </summary>
public sealed record SupportVerdict(SupportOutcome Outcome, double Score, string Reason)
{
    public string? EvidenceId { get; init; }
    public string? Evidence { get; init; }

    public bool IsSupported => Outcome == SupportOutcome.Supported;

    public static SupportVerdict Supported(double score, string reason) => new(SupportOutcome.Supported, Math.Clamp(score, 0, 1), reason);

    public static SupportVerdict Unsupported(double score, string reason) => new(SupportOutcome.Unsupported, Math.Clamp(score, 0, 1), reason);

    public static SupportVerdict Error(string reason) => new(SupportOutcome.Error, 0, reason);
}
