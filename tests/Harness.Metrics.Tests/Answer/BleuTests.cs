using Harness.Metrics.Answer;

namespace Harness.Metrics.Tests.Answer;

public sealed class BleuTests
{
    private const string Cat = "the cat sat on the mat";
    private const string CatReference = "the cat is on the mat";
    private const string Dog = "the dog barked loudly today";
    private const string DogReference = "the dog barked loudly";

    [Test]
    public void CountsClippedNGramMatches()
    {
        // unigrams: the×2 cat on mat match = 5 of 6; bigrams: the-cat on-the the-mat = 3 of 5;
        // trigrams: on-the-mat = 1 of 4; 4-grams: 0 of 3
        var statistics = Bleu.Statistics(Cat, [CatReference]);

        Assert.That(statistics.Matches, Is.EqualTo(new[] { 5, 3, 1, 0 }));
        Assert.That(statistics.Totals, Is.EqualTo(new[] { 6, 5, 4, 3 }));
        Assert.That(statistics.PredictionLength, Is.EqualTo(6));
        Assert.That(statistics.ReferenceLength, Is.EqualTo(6));
    }

    [Test]
    public void SmoothsSentenceBleuByAddingOneAboveUnigrams()
    {
        // p1 = 5/6, p2 = (3+1)/(5+1) = 2/3, p3 = (1+1)/(4+1) = 2/5, p4 = (0+1)/(3+1) = 1/4, BP = 1:
        // BLEU = (5/6 · 2/3 · 2/5 · 1/4)^(1/4) = (1/18)^(1/4)
        Assert.That(Bleu.Sentence(Cat, [CatReference]), Is.EqualTo(Math.Pow(1.0 / 18, 0.25)).Within(1e-12));
    }

    [Test]
    public void PenalisesShortPredictions()
    {
        // "the cat" vs 6 reference tokens: p1 = 2/2, p2 = 1/1 -> (1+1)/(1+1), p3 = p4 = (0+1)/(0+1) = 1,
        // BP = exp(1 - 6/2) = exp(-2)
        Assert.That(Bleu.Sentence("the cat", [Cat]), Is.EqualTo(Math.Exp(-2)).Within(1e-12));
    }

    [Test]
    public void ClipsByTheBestReferenceAndTakesTheClosestReferenceLength()
    {
        // "the the the": "the" occurs at most twice in one reference, so 2 of 3 unigrams match;
        // no bigram "the the" anywhere: p2 = 1/3, p3 = 1/2, p4 = 1/1; reference lengths 6 and 2
        // are 3 and 1 away from 3, so r = 2 < c = 3 and BP = 1. BLEU = (2/3 · 1/3 · 1/2)^(1/4) = (1/9)^(1/4)
        Assert.That(Bleu.Sentence("the the the", [Cat, "the mat"]), Is.EqualTo(Math.Pow(1.0 / 9, 0.25)).Within(1e-12));
    }

    [TestCase("", 0.0)]
    [TestCase("dogs bark", 0.0)]
    public void ScoresZeroWithoutAnyUnigramMatch(string prediction, double expected) =>
        Assert.That(Bleu.Sentence(prediction, [CatReference]), Is.EqualTo(expected));

    [Test]
    public void TokenisesPunctuationAsSeparateTokensAndKeepsNumbersWhole() =>
        Assert.That(Bleu.Tokenize("It's 3.5 mg, OK?"), Is.EqualTo(new[] { "it", "'", "s", "3.5", "mg", ",", "ok", "?" }));

    [Test]
    public void PoolsCountsOverCasesForCorpusBleu()
    {
        // cat case: matches [5,3,1,0] of [6,5,4,3]; dog case (5 tokens vs 4): unigrams 4/5,
        // bigrams the-dog dog-barked barked-loudly = 3/4, trigrams 2/3, 4-grams the-dog-barked-loudly = 1/2.
        // Pooled: [9,6,3,1] of [11,9,7,5]; c = 11 > r = 10, BP = 1.
        // BLEU = (9/11 · 6/9 · 3/7 · 1/5)^(1/4) = (162/3465)^(1/4)
        var corpus = Bleu.Corpus([Bleu.Statistics(Cat, [CatReference]), Bleu.Statistics(Dog, [DogReference])]);

        Assert.That(corpus, Is.EqualTo(Math.Pow(162.0 / 3465, 0.25)).Within(1e-12));
    }

    [Test]
    public void CorpusBleuIsZeroWhenAnOrderHasNoMatchAtAll() =>
        // the cat case alone has no 4-gram match, and corpus BLEU is not smoothed
        Assert.That(Bleu.Corpus([Bleu.Statistics(Cat, [CatReference])]), Is.Zero);
}
