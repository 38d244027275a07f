using Harness.Core.Datasets;
using Harness.Metrics.Faithfulness;
using Harness.Metrics.Faithfulness.Calibration;

namespace Harness.Metrics.Tests.Faithfulness.Calibration;

public sealed class ExpertQaSupportLabelsTests
{
    private const string Row =
        """{"question": "q", "answers": {"gpt4": {"claims": [""" +
        """{"claim_string": "Aspirin reduces fever [1].", "evidence": ["[1] https://example.org/a\n\nAspirin reduces fever in adults."], "support": "Complete"},""" +
        """{"claim_string": "Aspirin cures cancer [1][2].", "evidence": ["[1] https://example.org/a\n\nAspirin reduces fever.", "[2] https://example.org/b\n\nIt is cheap."], "support": "Partial"},""" +
        """{"claim_string": "No evidence text.", "evidence": ["[3] https://example.org/c"], "support": "Complete"},""" +
        """{"claim_string": "Not applicable.", "evidence": ["[1] https://example.org/a\n\ntext"], "support": "N/A"},""" +
        """{"claim_string": "Unlabelled.", "evidence": ["[1] https://example.org/a\n\ntext"], "support": null}""" +
        """]}}}""";

    private string _path = "";

    [SetUp]
    public void WriteFile()
    {
        _path = Path.Combine(Path.GetTempPath(), $"expertqa-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(_path, Row + "\n\n");
    }

    [TearDown]
    public void DeleteFile() => File.Delete(_path);

    [Test]
    public void ReadsLabelledClaimsWithTheirEvidenceText()
    {
        var set = ExpertQaSupportLabels.Read(_path);

        Assert.That(set.Labels.Select(l => (l.Claim, l.Supported)), Is.EqualTo(new[] { ("Aspirin reduces fever.", true), ("Aspirin cures cancer.", false) }));
        Assert.That(set.Labels[1].Evidence.Select(e => e.Text), Is.EqualTo(new[] { "Aspirin reduces fever.", "It is cheap." }));
        Assert.That(set.Labels[0].Source, Does.EndWith(":1 gpt4 claim 1"));
        // no evidence text, N/A, and no label
        Assert.That(set.Skipped, Is.EqualTo(3));
    }

    [Test]
    public void NamesTheLineOfAMalformedRow()
    {
        File.WriteAllText(_path, Row + "\n{\"answers\": 3}\n");

        Assert.That(() => ExpertQaSupportLabels.Read(_path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(":2: not an ExpertQA row"));
    }

    [Test]
    [Category("HumanLabels")]
    public async Task TheLexicalScorerAgreesWithExpertQaAnnotatorsBetterThanChance()
    {
        var catalog = new DatasetCatalog();
        var path = catalog.PathOf(catalog.GetCard("expertqa"), "domain_val.jsonl");
        if (!File.Exists(path))
        {
            Assert.Ignore($"the ExpertQA human labels are not linked at {path} (the bootstrap links them from the mirror)");
        }

        var set = ExpertQaSupportLabels.Read(path);
        var result = await SupportCalibration.MeasureAsync(new LexicalSupportScorer(), set.Labels, seed: 1, CancellationToken.None);

        TestContext.Out.WriteLine($"{set.Labels.Count} labels ({set.Labels.Count(l => l.Supported)} supported), {set.Skipped} skipped: "
            + $"AUROC {result.Auroc}, kappa {result.Kappa}, balanced accuracy {result.BalancedAccuracy}");
        Assert.That(result.Auroc!.Value.Low, Is.GreaterThan(0.5));
    }
}
