using Harness.Metrics.Answer;

namespace Harness.Metrics.Tests.Answer;

public sealed class SquadScoresTests
{
    // Expected values by hand on normalised tokens; F1 = 2PR / (P + R), maximum over references.
    [TestCase("Denver Broncos", new[] { "Denver Broncos", "The Broncos" }, 1.0, 1.0)]
    // [broncos] vs [denver, broncos]: 1 common, P = 1, R = 1/2, F1 = 2/3; vs [broncos]: EM
    [TestCase("the Broncos", new[] { "Denver Broncos", "Broncos" }, 1.0, 1.0)]
    // [broncos] vs [denver, broncos] only: P = 1, R = 1/2, F1 = 2/3
    [TestCase("the Broncos", new[] { "Denver Broncos" }, 0.0, 2.0 / 3.0)]
    // [carolina, panthers, won] vs [panthers]: P = 1/3, R = 1, F1 = 0.5
    [TestCase("Carolina Panthers won", new[] { "Panthers" }, 0.0, 0.5)]
    // [santa, clara, california] vs [levis, stadium]: nothing common
    [TestCase("Santa Clara, California", new[] { "Levi's Stadium" }, 0.0, 0.0)]
    // multiset intersection: [cat, cat, dog] vs [cat, dog, dog] share cat once and dog once = 2, P = R = 2/3
    [TestCase("cat cat dog", new[] { "cat dog dog" }, 0.0, 2.0 / 3.0)]
    // empty after normalisation on both sides: EM 1, F1 1 (SQuAD convention)
    [TestCase("The.", new[] { "a" }, 1.0, 1.0)]
    // empty prediction against a real reference
    [TestCase("", new[] { "Paris" }, 0.0, 0.0)]
    // ASCII punctuation only, as the SQuAD v1.1 script: ’ stays, ' goes. [it’s, patient’s, own, immune, response]
    // vs [patients, immune, response]: 2 common, P = 2/5, R = 2/3, F1 = 2 · (4/15) / (16/15) = 0.5
    // (stripping ’ too would give [its, patients, own, immune, response]: 3 common, F1 = 0.75)
    [TestCase("It’s the patient’s own immune response", new[] { "the patient's immune response" }, 0.0, 0.5)]
    // ™ stays: [veklury™, is, remdesivir] vs [remdesivir, veklury]: 1 common, P = 1/3, R = 1/2,
    // F1 = 2 · (1/6) / (5/6) = 0.4 (stripping ™ would give 2 common, F1 = 0.8)
    [TestCase("Veklury™ is remdesivir", new[] { "remdesivir (Veklury)" }, 0.0, 0.4)]
    // "veklury™" is not "veklury": no exact match, and no common token
    [TestCase("Veklury™", new[] { "Veklury" }, 0.0, 0.0)]
    public void ScoresExactMatchAndTokenF1(string prediction, string[] references, double exactMatch, double f1)
    {
        Assert.That(SquadScores.ExactMatch(prediction, references), Is.EqualTo(exactMatch));
        Assert.That(SquadScores.TokenF1(prediction, references), Is.EqualTo(f1).Within(1e-12));
    }
}
