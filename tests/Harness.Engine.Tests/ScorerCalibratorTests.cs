using Harness.Engine.Scoring;
using Harness.Metrics.Faithfulness.Calibration;
using Harness.Metrics.Faithfulness.Semantic;
using NUnit.Framework;

namespace Harness.Engine.Tests;

public sealed class ScorerCalibratorTests
{
    private static readonly HumanSupportLabel[] Labels =
        [.. Enumerable.Range(1, 20).Select(i => new HumanSupportLabel($"claim {i}", [], i % 2 == 0, $"file.jsonl:{i}"))];

    [Test]
    public void ASubsetKeepsTheSameLabelsEveryTimeInFileOrderAndALargerOneKeepsThemAll()
    {
        var five = ScorerCalibrator.Subset(Labels, 5);
        var again = ScorerCalibrator.Subset(Labels, 5);
        var ten = ScorerCalibrator.Subset(Labels, 10);

        Assert.That(five, Has.Count.EqualTo(5));
        Assert.That(again, Is.EqualTo(five));
        Assert.That(five.Select(l => Array.IndexOf(Labels, l)), Is.Ordered);
        Assert.That(ten, Is.SupersetOf(five));
    }

    [TestCase(0)]
    [TestCase(20)]
    [TestCase(50)]
    public void NoLimitOrOneAboveTheSetKeepsEveryLabel(int limit) =>
        Assert.That(ScorerCalibrator.Subset(Labels, limit), Is.EqualTo(Labels));
}

public sealed class DefaultSupportScorerTests
{
    [Test]
    public void TheDefaultIsSemanticExactlyWhenTheCommittedFitBeatsLexicalBeyondChance()
    {
        // The rule in src/Harness.Metrics/README.md: semantic becomes the default only when the paired
        // bootstrap CI of (its cross-validated AUROC − lexical's AUROC) on ExpertQA val lies above 0.
        var model = SemanticSupportModel.Load(SemanticSupportModel.DefaultPath);
        var difference = model.Baseline?.Difference;
        var earned = difference?.Low > 0 ? SupportScorers.Semantic : SupportScorers.Lexical;

        Assert.Multiple(() =>
        {
            Assert.That(model.Baseline?.Scorer, Is.EqualTo(SupportScorers.Lexical), "refit with ./harness calibrate --scorer semantic --refit --embedder minilm");
            Assert.That(difference, Is.Not.Null);
            Assert.That(earned, Is.EqualTo(SupportScorers.Default), "SupportScorers.Default must follow the committed comparison");
        });
    }
}
