using Harness.Core.Pipelines;
using Harness.Core.Results;
using Harness.Core.Running.Selection;
using Harness.Core.Suites;
using Harness.Core.Tests.Gates;
using NUnit.Framework;

namespace Harness.Core.Tests.Running;

public sealed class VariantChoiceTests
{
    private static PipelineSweep Sweep(params int[] topKs) => new("rag", [.. topKs.Select(k => new SweepVariant(
        new PipelineDefinition { Name = $"rag[top_k={k}]", Kind = PipelineKind.Rag, Retriever = new RetrieverDefinition { TopK = k } },
        [new SweepSetting("top_k", k.ToString(System.Globalization.CultureInfo.InvariantCulture))]))]);

    /// <summary>A selection run where each variant has a token_f1 summary and answered two cases with these prompt tokens (5 generated each).</summary>
    private static RunResult Run(params (string Name, double Mean, double Low, double High, int PromptTokens)[] variants) => new RunBuilder().Build() with
    {
        Summary = [.. variants.Select(v => new MetricSummary(v.Name, "token_f1", v.Mean, v.Low, v.High, 2, 0, 0))],
        Results = [.. variants.SelectMany(v => new[] { "c1", "c2" }.Select(c =>
            new CaseResult(c, v.Name, new PipelineOutput { Answer = "a", Tokens = new TokenCounts(v.PromptTokens, 5) }, null, [])))],
    };

    [Test]
    public void TheBestVariantIsChosenWhenNoOtherCiOverlapsIt()
    {
        var run = Run(("rag[top_k=1]", 0.20, 0.10, 0.30, 100), ("rag[top_k=5]", 0.60, 0.50, 0.70, 400));
        var choice = VariantChoice.Choose([Sweep(1, 5)], run, "token_f1").Single();
        Assert.That(choice.Chosen, Is.EqualTo("rag[top_k=5]"));
        Assert.That(choice.Reason, Does.StartWith("the best token_f1 on the selection cases, 0.6 [0.5, 0.7]"));
        Assert.That((choice.Kind, choice.Approach), Is.EqualTo(("rag", "rag")));
    }

    [Test]
    public void AmongVariantsWhoseCiOverlapsTheBestsTheCheapestPerCaseIsChosen()
    {
        // top_k=5 is best (0.55) but its CI [0.40, 0.70] overlaps top_k=1's [0.35, 0.65]; top_k=1 costs 100 + 5 = 105 tokens
        // per case against 400 + 5 = 405, so it is chosen; top_k=3's CI [0.05, 0.15] lies below 0.40 and is out.
        var run = Run(("rag[top_k=1]", 0.50, 0.35, 0.65, 100), ("rag[top_k=3]", 0.10, 0.05, 0.15, 10), ("rag[top_k=5]", 0.55, 0.40, 0.70, 400));
        var choice = VariantChoice.Choose([Sweep(1, 3, 5)], run, "token_f1").Single();
        Assert.That(choice.Chosen, Is.EqualTo("rag[top_k=1]"));
        Assert.That(choice.Reason, Is.EqualTo("the cheapest (105 tokens per case) of the 2 variants whose token_f1 CI overlaps the best's (rag[top_k=5] 0.55 [0.4, 0.7]); its own 0.5 [0.35, 0.65]"));
        Assert.That(choice.Variants.Select(v => v.TokensPerCase), Is.EqualTo(new double?[] { 105, 15, 405 }));
    }

    [Test]
    public void EqualCostsFallToTheEarlierVariantInSweepOrder()
    {
        var run = Run(("rag[top_k=1]", 0.50, 0.40, 0.60, 100), ("rag[top_k=5]", 0.50, 0.40, 0.60, 100));
        Assert.That(VariantChoice.Choose([Sweep(1, 5)], run, "token_f1").Single().Chosen, Is.EqualTo("rag[top_k=1]"));
    }

    [Test]
    public void ASweepWithoutAnyScoredVariantCannotBeChosen()
    {
        var run = Run() with { Summary = [new MetricSummary("rag[top_k=1]", "token_f1", null, null, null, 0, 2, 0)] };
        Assert.That(() => VariantChoice.Choose([Sweep(1)], run, "token_f1"), Throws.InvalidOperationException.With.Message.Contains("no variant of pipeline 'rag' has a token_f1"));
    }
}
