namespace Harness.Core.Metrics;

/// <summary>What the faithfulness metric decided about one sentence of an answer.</summary>
public enum ClaimVerdict
{
    Supported,
    Unsupported,
    /// <summary>The support scorer could not decide (an unparseable judge reply): never counted as supported.</summary>
    Undecided,
    /// <summary>The sentence only states a label ("Entailment.", "Yes."): not a claim to check.</summary>
    NotApplicable,
}

/// <summary>
/// One claim of an answer as judged, kept with the case so a reader sees which sentence was
/// unsupported and why: the verdict, the scorer's score in [0, 1] (higher = better supported), the
/// scorer's reason, and the evidence window that decided it (the passage id and the sentence(s) of
/// it the scorer matched; null when there was no evidence or the scorer read the whole context).
/// </summary>
public sealed record ClaimJudgement(string Text, ClaimVerdict Verdict, double? Score, string Reason)
{
    public string? EvidenceId { get; init; }
    public string? Evidence { get; init; }

    /// <summary>ok for a decided claim, error for an undecided one, not applicable for a label.</summary>
    public ValueStatus Status => Verdict switch
    {
        ClaimVerdict.Undecided => ValueStatus.Error,
        ClaimVerdict.NotApplicable => ValueStatus.NotApplicable,
        _ => ValueStatus.Ok,
    };
}
