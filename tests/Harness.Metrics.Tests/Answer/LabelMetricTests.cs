using System.Text.RegularExpressions;
using Harness.Core.Metrics;
using Harness.Metrics.Answer;

namespace Harness.Metrics.Tests.Answer;

public sealed class LabelMetricTests
{
    // PubMedQA-style rules: the first matching rule wins.
    private static readonly LabelMapping YesNoMaybe = new(
    [
        new LabelRule("maybe", new Regex(@"^\W*maybe\b", RegexOptions.IgnoreCase)),
        new LabelRule("yes", new Regex(@"^\W*yes\b", RegexOptions.IgnoreCase)),
        new LabelRule("no", new Regex(@"^\W*no\b", RegexOptions.IgnoreCase)),
    ]);

    private readonly LabelMetric _metric = new();

    [TestCase("Yes, the trial showed it.", "yes", 1.0)]
    [TestCase("No.", "yes", 0.0)]
    [TestCase("maybe", "Maybe", 1.0)] // labels compare ignoring case
    public async Task ScoresTheMappedLabel(string answer, string label, double accuracy)
    {
        var values = await _metric.EvaluateAsync(Contexts.For(answer, label: label, labelMapping: YesNoMaybe), CancellationToken.None);

        Assert.That(values.Value("label_accuracy").Value, Is.EqualTo(accuracy));
        Assert.That(values.Value("unmapped_rate").Value, Is.Zero);
    }

    [Test]
    public async Task CountsAnUnmappedAnswerWrongAndReportsIt()
    {
        var values = await _metric.EvaluateAsync(Contexts.For("The evidence is mixed.", label: "maybe", labelMapping: YesNoMaybe), CancellationToken.None);

        Assert.That(values.Value("label_accuracy").Value, Is.Zero);
        Assert.That(values.Value("label_accuracy").Status, Is.EqualTo(ValueStatus.Ok));
        Assert.That(values.Value("unmapped_rate").Value, Is.EqualTo(1.0));
        Assert.That(values.Value("unmapped_rate").Diagnostic, Does.Contain("The evidence is mixed."));
    }

    [Test]
    public async Task IsInconclusiveWhenTheCaseHasNoLabel()
    {
        var values = await _metric.EvaluateAsync(Contexts.For("yes", labelMapping: YesNoMaybe), CancellationToken.None);

        Assert.That(values, Has.All.Property(nameof(MetricValue.Status)).EqualTo(ValueStatus.Inconclusive));
    }

    [Test]
    public async Task IsAnErrorWhenALabelledCaseHasNoMapping()
    {
        var values = await _metric.EvaluateAsync(Contexts.For("yes", label: "yes"), CancellationToken.None);

        Assert.That(values, Has.All.Property(nameof(MetricValue.Status)).EqualTo(ValueStatus.Error));
    }
}
