using Harness.Metrics.Faithfulness;

namespace Harness.Metrics.Tests.Faithfulness;

public sealed class LexicalSupportScorerTests
{
    private static readonly string[] Context =
    [
        "Aspirin reduces fever in adults. It was first synthesised in 1897 by Felix Hoffmann.",
        "Ibuprofen does not treat bacterial infections. Antibiotics are needed for those.",
    ];

    private readonly LexicalSupportScorer _scorer = new();

    // Coverage = claim content terms found in the best window / claim content terms (threshold 0.7).
    [TestCase("Aspirin reduces fever in adults.", true, 1.0)] // aspirin reduc fever adult: 4/4
    [TestCase("Aspirin reduced the fever.", true, 1.0)] // reduced and reduces both stem to reduc: 3/3
    [TestCase("Felix Hoffmann first synthesised aspirin in 1897.", true, 1.0)] // 2-sentence window: felix hoffmann first synthesis aspirin 1897
    [TestCase("Aspirin cures cancer in adults.", false, 0.5)] // aspirin, adult of aspirin, cur, cancer, adult: 2/4
    [TestCase("Aspirin was first synthesised in 1923 by Felix Hoffmann.", false, 5.0 / 6)] // 1923 missing: 5/6 ≥ 0.7 but a number differs
    [TestCase("Ibuprofen treats bacterial infections.", false, 0.5)] // 4/4 covered, the context is negated: halved
    [TestCase("Aspirin does not reduce fever in adults.", false, 0.5)] // 4/4 covered, the claim is negated: halved
    [TestCase("Ibuprofen does not treat bacterial infections.", true, 1.0)] // both negated
    public async Task DecidesSupportFromCoverageNumbersAndNegation(string claim, bool supported, double score)
    {
        var verdict = await _scorer.ScoreAsync(claim, Contexts.Passages(Context), CancellationToken.None);

        Assert.That(verdict.IsSupported, Is.EqualTo(supported), verdict.Reason);
        Assert.That(verdict.Score, Is.EqualTo(score).Within(1e-12), verdict.Reason);
    }

    [Test]
    public async Task ExplainsWhatIsMissing()
    {
        var verdict = await _scorer.ScoreAsync("Aspirin cures cancer in adults.", Contexts.Passages(Context), CancellationToken.None);

        Assert.That(verdict.Reason, Does.StartWith("coverage 0.50 < 0.70, missing cur, cancer; best match in p1"));
    }

    [Test]
    public async Task DoesNotSupportAnythingWithAnEmptyContext()
    {
        var verdict = await _scorer.ScoreAsync("Aspirin reduces fever.", [], CancellationToken.None);

        Assert.That(verdict.Outcome, Is.EqualTo(SupportOutcome.Unsupported));
        Assert.That(verdict.Reason, Is.EqualTo("the context is empty"));
    }

    [Test]
    public void RejectsAThresholdOutsideTheUnitInterval() =>
        Assert.That(() => new LexicalSupportScorer(1.5), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
