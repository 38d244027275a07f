using Harness.Metrics.Answer;

namespace Harness.Metrics.Tests.Answer;

/// <summary>Hand-worked vectors for rouge-score's default ROUGE-L (lower-case ASCII alphanumeric tokens, no stemming, F-measure).</summary>
public sealed class RougeLTests
{
    // [the, cat, sat, on, the, mat] vs [the, cat, is, on, the, mat]: LCS the cat on the mat = 5, P = R = 5/6, F = 5/6 = 0.8333
    // (SQuAD normalisation dropped the articles and gave 3/4 = 0.75)
    [TestCase("the cat sat on the mat", new[] { "the cat is on the mat" }, 5.0 / 6.0)]
    // no stemming: killed ≠ kill. [police, killed, the, gunman] vs [police, kill, the, gunman]: LCS 3, P = R = 3/4
    [TestCase("police killed the gunman", new[] { "police kill the gunman" }, 3.0 / 4.0)]
    // [the, gunman, killed, police] vs [police, killed, the, gunman]: LCS the gunman = 2, P = R = 2/4
    [TestCase("the gunman killed police", new[] { "police killed the gunman" }, 0.5)]
    // 6 vs 7 tokens, LCS the cat on the mat = 5: P = 5/6, R = 5/7, F = 2·(25/42)/(65/42) = 50/65 = 10/13
    [TestCase("The cat sat on the mat", new[] { "the cat is on the mat today" }, 10.0 / 13.0)]
    // best reference: [the, cat, sat] vs [cat, sat]: LCS 2, P = 2/3, R = 1, F = (4/3)/(5/3) = 0.8
    [TestCase("the cat sat", new[] { "dogs bark", "cat sat" }, 0.8)]
    // punctuation splits tokens on both sides: [don, t, stop] = [don, t, stop]
    [TestCase("Don't stop!", new[] { "don t stop" }, 1.0)]
    // only ASCII letters are kept: [caf, au, lait] vs [cafe, au, lait]: LCS 2, P = R = 2/3
    [TestCase("café au lait", new[] { "cafe au lait" }, 2.0 / 3.0)]
    [TestCase("", new[] { "anything" }, 0.0)]
    // rouge-score returns 0 when either side has no tokens, even both
    [TestCase("?!", new[] { "" }, 0.0)]
    public void ScoresTheLongestCommonSubsequenceF(string prediction, string[] references, double expected) =>
        Assert.That(RougeL.Score(prediction, references), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void CountsTheLongestCommonSubsequence() =>
        // A B C B D A B vs B D C A B A: the textbook LCS has length 4 (e.g. B C B A)
        Assert.That(RougeL.LongestCommonSubsequence(["a", "b", "c", "b", "d", "a", "b"], ["b", "d", "c", "a", "b", "a"]), Is.EqualTo(4));
}
