using Harness.Metrics.Answer;

namespace Harness.Metrics.Tests.Answer;

/// <summary>Hand-worked vectors for sacreBLEU's defaults: 13a tokens, case kept, exp smoothing, effective order for sentences.</summary>
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
    public void ScoresAPunctuatedSentenceAsSacreBleuDoes()
    {
        // 13a: "The cat sat on the mat ." vs "The cat is on the mat ." (7 tokens each, BP = 1).
        // unigrams The cat on the mat . = 6/7; bigrams The-cat on-the the-mat mat-. = 4/6;
        // trigrams on-the-mat the-mat-. = 2/5; 4-grams on-the-mat-. = 1/4.
        // BLEU = (6/7 · 4/6 · 2/5 · 1/4)^(1/4) = (2/35)^(1/4) = 0.48892 (sacreBLEU: 48.89).
        Assert.That(Bleu.Sentence("The cat sat on the mat.", ["The cat is on the mat."]), Is.EqualTo(Math.Pow(2.0 / 35, 0.25)).Within(1e-12));
    }

    [Test]
    public void SmoothsAnOrderWithoutMatchesExponentially()
    {
        // p1 = 5/6, p2 = 3/5, p3 = 1/4, p4: no match of 3 → 1/(2·3) = 1/6; BP = 1.
        // BLEU = (5/6 · 3/5 · 1/4 · 1/6)^(1/4) = (1/48)^(1/4) = 0.37992 (the old add-one smoothing gave (1/18)^(1/4) = 0.48549).
        Assert.That(Bleu.Sentence(Cat, [CatReference]), Is.EqualTo(Math.Pow(1.0 / 48, 0.25)).Within(1e-12));
    }

    [Test]
    public void EachFurtherOrderWithoutMatchesIsHalvedAgain()
    {
        // "the cat sat on a rug": unigrams the cat on = 3/6, bigrams the-cat = 1/5,
        // trigrams 0/4 → 1/(2·4) = 1/8, 4-grams 0/3 → 1/(4·3) = 1/12; BP = 1.
        // BLEU = (1/2 · 1/5 · 1/8 · 1/12)^(1/4) = (1/960)^(1/4) = 0.17965
        Assert.That(Bleu.Sentence("the cat sat on a rug", [CatReference]), Is.EqualTo(Math.Pow(1.0 / 960, 0.25)).Within(1e-12));
    }

    [Test]
    public void ASentenceTooShortForFourGramsUsesItsEffectiveOrder()
    {
        // "the cat" vs 6 reference tokens: p1 = 2/2, p2 = 1/1, no trigrams at all → effective order 2, mean log 0;
        // BP = exp(1 - 6/2) = exp(-2) = 0.13534.
        Assert.That(Bleu.Sentence("the cat", [Cat]), Is.EqualTo(Math.Exp(-2)).Within(1e-12));
    }

    [Test]
    public void ClipsByTheBestReferenceAndTakesTheClosestReferenceLength()
    {
        // "the the the": "the" occurs at most twice in one reference, so 2 of 3 unigrams match; bigrams "the the" 0/2 → 1/4,
        // trigram 0/1 → 1/(4·1) = 1/4, no 4-gram → effective order 3. Reference lengths 6 and 2 are 3 and 1 away from 3,
        // so r = 2 ≤ c = 3 and BP = 1. BLEU = (2/3 · 1/4 · 1/4)^(1/3) = (1/24)^(1/3) = 0.34668
        Assert.That(Bleu.Sentence("the the the", [Cat, "the mat"]), Is.EqualTo(Math.Pow(1.0 / 24, 1.0 / 3)).Within(1e-12));
    }

    [Test]
    public void KeepsCase()
    {
        // "The cat" vs "the cat": unigrams cat = 1/2, bigrams 0/1 → 1/2, effective order 2: (1/2 · 1/2)^(1/2) = 0.5
        Assert.That(Bleu.Sentence("The cat", ["the cat"]), Is.EqualTo(0.5).Within(1e-12));
    }

    [TestCase("", 0.0)]
    [TestCase("dogs bark", 0.0)]
    public void ScoresZeroWithoutAnyMatch(string prediction, double expected) =>
        Assert.That(Bleu.Sentence(prediction, [CatReference]), Is.EqualTo(expected));

    [TestCase("It's 3.5 mg, OK?", new[] { "It's", "3.5", "mg", ",", "OK", "?" })]
    [TestCase("1,000-2,000 people.", new[] { "1,000", "-", "2,000", "people", "." })]
    [TestCase("R&amp;D is well-known (see [1]).", new[] { "R", "&", "D", "is", "well-known", "(", "see", "[", "1", "]", ")", "." })]
    public void TokenisesAs13a(string text, string[] expected) =>
        Assert.That(Bleu.Tokenize(text), Is.EqualTo(expected));

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
    public void CorpusBleuSmoothsAnOrderWithoutMatchesToo() =>
        // the cat case alone: p4 = 1/(2·3), as for the sentence: (1/48)^(1/4)
        Assert.That(Bleu.Corpus([Bleu.Statistics(Cat, [CatReference])]), Is.EqualTo(Math.Pow(1.0 / 48, 0.25)).Within(1e-12));

    [Test]
    public void CorpusBleuHasNoEffectiveOrderSoACorpusWithoutFourGramsScoresZero() =>
        Assert.That(Bleu.Corpus([Bleu.Statistics("the cat", [Cat])]), Is.Zero);
}
