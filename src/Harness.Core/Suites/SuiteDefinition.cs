using Harness.Core.Costs;
using Harness.Core.Datasets;
using Harness.Core.Gates;
using Harness.Core.Metrics;

namespace Harness.Core.Suites;

/// <summary>
/// A suite as declared in <c>suites/*.yaml</c> (schema: suites/README.md), validated. Pipelines carry
/// their effective settings (suite defaults already applied), so a runner reads one place.
/// </summary>
public sealed record SuiteDefinition
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>legal, medical, support…; the dataset card's domain unless the suite sets one.</summary>
    public string Domain { get; init; } = "";
    /// <summary>A dataset card name (datasets/&lt;name&gt;.yaml).</summary>
    public required string Dataset { get; init; }
    /// <summary>The split to run; null for the card's default split.</summary>
    public string? Split { get; init; }
    /// <summary>How many cases to run, chosen by <see cref="CaseSampler"/> with <see cref="Seed"/>; 0 = all.</summary>
    public int Limit { get; init; }
    /// <summary>Seeds the case subset, sampling and bootstrap resampling.</summary>
    public int Seed { get; init; }
    /// <summary>Retrieve from the case's document or the whole corpus; the card's default once validated by <see cref="SuiteValidator"/>.</summary>
    public RetrievalScope? Scope { get; init; }
    public SuiteModels Models { get; init; } = new();
    /// <summary>The pipelines; a swept pipeline's entry is its first variant under the pipeline's name until <see cref="WithChosen"/> puts the chosen one there.</summary>
    public required IReadOnlyList<PipelineDefinition> Pipelines { get; init; }
    /// <summary>The pipelines with a <c>sweep:</c>, each with its variants.</summary>
    public IReadOnlyList<PipelineSweep> Sweeps { get; init; } = [];
    /// <summary>How the variants of <see cref="Sweeps"/> are chosen (<c>select:</c>); present exactly when there are sweeps.</summary>
    public SelectionDefinition? Selection { get; init; }
    /// <summary>Metric families and/or metric ids, as written (see <see cref="KnownMetrics"/>).</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [];
    /// <summary>The MEAI evaluators the suite runs as metric families (mapping items of <c>metrics:</c>).</summary>
    public IReadOnlyList<EvaluatorDefinition> Evaluators { get; init; } = [];
    /// <summary>How generated text maps to the dataset's labels (classification datasets), or null.</summary>
    public LabelMapping? Labels { get; init; }
    public IReadOnlyList<GateDefinition> Gates { get; init; } = [];
    /// <summary>What tokens and accelerator time cost (the <c>cost:</c> block), or null for no money figures.</summary>
    public CostRates? Cost { get; init; }
    /// <summary>How well the support scorer must agree with people before faithfulness and hallucination can decide a gate.</summary>
    public CalibrationRequirement Calibration { get; init; } = new();
    /// <summary>The metric id a report leads with.</summary>
    public string? Headline { get; init; }
    /// <summary>smoke, nightly, gpu… (CI selects suites by tag).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The output formats the run writes (<see cref="ReportFormats"/>); every one unless <c>report: { formats: [...] }</c> says otherwise.</summary>
    public IReadOnlyList<string> Formats { get; init; } = ReportFormats.Names;
    /// <summary>The suite file.</summary>
    public required string SourcePath { get; init; }

    public PipelineDefinition? FindPipeline(string name) => Pipelines.FirstOrDefault(p => p.Name == name);

    /// <summary>What answers the selection cases: every variant of every sweep, under its variant name, with no gates (gates judge the evaluated cases).</summary>
    public SuiteDefinition SelectionSuite() => this with { Pipelines = [.. Sweeps.SelectMany(s => s.Variants).Select(v => v.Pipeline)], Gates = [] };

    /// <summary>The suite that answers the evaluated cases: each swept pipeline replaced by its chosen variant under the pipeline's own name.</summary>
    /// <param name="chosen">The chosen variant's name per swept pipeline.</param>
    public SuiteDefinition WithChosen(IReadOnlyDictionary<string, string> chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        var variants = Sweeps.ToDictionary(s => s.Pipeline, s => s.Variants.Single(v => v.Pipeline.Name == chosen[s.Pipeline]).Pipeline, StringComparer.Ordinal);
        return this with
        {
            Pipelines = [.. Pipelines.Select(p => variants.TryGetValue(p.Name, out var variant) ? variant with { Name = p.Name } : p)],
            Sweeps = [],
            Selection = null,
        };
    }
}

/// <summary>The model cards a suite uses (models/&lt;name&gt;.yaml); "lsa" is the built-in embedder that needs no model.</summary>
public sealed record SuiteModels
{
    public string? Generator { get; init; }
    public string? Embedder { get; init; }
    /// <summary>A model card that judges claim support for faithfulness; without a judge the default deterministic scorer is used.</summary>
    public string? Judge { get; init; }
    /// <summary>The model whose perplexity of an answer is the fluency metric; the generator when unset.</summary>
    public string? Fluency { get; init; }
    /// <summary>An OpenAI-compatible server that judges claim support ('judge: { remote: … }'), instead of a local card.</summary>
    public RemoteDefinition? RemoteJudge { get; init; }
}

/// <summary>
/// The suite's <c>calibration:</c> setting: a gate on a faithfulness or hallucination metric decides
/// only when the run's support scorer was calibrated against <see cref="Labels"/> with an AUROC whose
/// 95% CI low is at least <see cref="MinAuroc"/>; otherwise it reads inconclusive (fail when strict).
/// </summary>
public sealed record CalibrationRequirement
{
    public static IReadOnlyList<string> LabelSets { get; } = ["expertqa", "dstc11-human-eval"];

    public string Labels { get; init; } = "expertqa";
    public double MinAuroc { get; init; } = 0.70;
}
