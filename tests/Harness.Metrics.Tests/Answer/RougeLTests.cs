using Harness.Metrics.Answer;

namespace Harness.Metrics.Tests.Answer;

public sealed class RougeLTests
{
    // prediction [police, killed, gunman], reference [police, kill, gunman]: LCS = police gunman = 2,
    // P = 2/3, R = 2/3, F = 2/3
    [TestCase("police killed the gunman", new[] { "police kill the gunman" }, 2.0 / 3.0)]
    // [gunman, killed, police] vs [police, killed, gunman]: LCS 1 (any single token), P = R = 1/3
    [TestCase("the gunman killed police", new[] { "police killed the gunman" }, 1.0 / 3.0)]
    // [cat, sat, on, mat] vs [cat, is, on, mat, today]: LCS cat on mat = 3, P = 3/4, R = 3/5, F = 2·0.45/1.35 = 2/3
    [TestCase("The cat sat on the mat", new[] { "the cat is on the mat today" }, 2.0 / 3.0)]
    // maximum over references: the second reference is identical
    [TestCase("the cat sat", new[] { "dogs bark", "cat sat" }, 1.0)]
    [TestCase("", new[] { "anything" }, 0.0)]
    public void ScoresTheLongestCommonSubsequenceF(string prediction, string[] references, double expected) =>
        Assert.That(RougeL.Score(prediction, references), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void CountsTheLongestCommonSubsequence() =>
        // A B C B D A B vs B D C A B A: the textbook LCS has length 4 (e.g. B C B A)
        Assert.That(RougeL.LongestCommonSubsequence(["a", "b", "c", "b", "d", "a", "b"], ["b", "d", "c", "a", "b", "a"]), Is.EqualTo(4));
}
