using Harness.Core.Results;

namespace Harness.Core.Gates;

/// <summary>
/// A gate type, declared in one file: the sentence that names it, what it looks at, and how it is
/// decided. How a suite writes it is its reader, registered in <see cref="GateTypes"/>.
/// </summary>
public interface IGate
{
    /// <summary>Counts inconclusive as fail.</summary>
    bool Strict { get; }

    /// <summary>The gate's name, the same at test discovery and after the run ("smoke / rag / recall@5 ≥ 0.60").</summary>
    string Name(string suite);

    /// <summary>The pipelines the gate looks at; null for every pipeline of the suite.</summary>
    IReadOnlyList<string>? Pipelines { get; }

    /// <summary>The metric ids the gate names, so the run computes them (their @k cut-offs included).</summary>
    IReadOnlyList<string> MetricIds { get; }

    /// <summary>
    /// The gate's results: checks decided on the spot, and paired checks whose verdict waits for the Holm
    /// adjustment across every paired check of the evaluation (<see cref="PairedCheck.ResolveAll"/>).
    /// </summary>
    IEnumerable<PairedCheck> Evaluate(GateContext context);
}

/// <summary>What a gate is evaluated on: its suite and name, the run, the suite's baseline (or null), and the shared settings.</summary>
public sealed record GateContext(string Suite, string Name, RunResult Run, RunResult? Baseline, GateOptions Options);

/// <summary>The plumbing every gate type shares (<see cref="IGate"/>); verdicts come from <see cref="GateEvaluator"/>.</summary>
public abstract record GateDefinition : IGate
{
    public bool Strict { get; init; }

    public abstract string Name(string suite);

    public virtual IReadOnlyList<string>? Pipelines => null;

    public virtual IReadOnlyList<string> MetricIds => [];

    public abstract IEnumerable<PairedCheck> Evaluate(GateContext context);
}
