using Harness.Core.Text;
using NUnit.Framework;

namespace Harness.Core.Tests.Text;

public sealed class CitationMarkersTests
{
    // Each expectation read off the marker by hand: a list cites its numbers, a range every number from
    // its start to its end, in order of first mention and each once.
    [TestCase("blue [1].", new[] { 1 })]
    [TestCase("blue [1, 2].", new[] { 1, 2 })]
    [TestCase("blue [1,2].", new[] { 1, 2 })]
    [TestCase("blue [1-3].", new[] { 1, 2, 3 })]
    [TestCase("blue [1–3].", new[] { 1, 2, 3 })]
    [TestCase("blue [ 2 ].", new[] { 2 })]
    [TestCase("blue [2 - 4, 1].", new[] { 2, 3, 4, 1 })]
    [TestCase("blue [1][2].", new[] { 1, 2 })]
    [TestCase("as shown [1], [2, 3] and [3][4]", new[] { 1, 2, 3, 4 })]
    public void AcceptsNumbersListsRangesAndSpaces(string text, int[] expected) =>
        Assert.That(CitationMarkers.Numbers(text), Is.EqualTo(expected));

    [TestCase("no markers, not even [a], [] or [1,] or (1)")]
    [TestCase("a list [1 2] without a comma")]
    public void RejectsWhatIsNoMarker(string text) =>
        Assert.That(CitationMarkers.Numbers(text), Is.Empty);

    [Test]
    public void ARangeRunningBackwardsOrWiderThanAContextCitesItsTwoEnds()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CitationMarkers.Numbers("[5-3]"), Is.EqualTo(new[] { 5, 3 }));
            // 1 to 1,000,000 would be a million passages; no prompt holds that many.
            Assert.That(CitationMarkers.Numbers("[1-1000000]"), Is.EqualTo(new[] { 1, 1000000 }));
        });
    }

    [TestCase("The sky is blue [1].", "The sky is blue.")]
    [TestCase("The sky [ 1-2 ] is blue [3, 4].", "The sky is blue.")]
    [TestCase("[1] The sky is blue.", "The sky is blue.")]
    public void StripsTheMarkerWithTheSpaceBeforeIt(string text, string expected) =>
        Assert.That(CitationMarkers.Strip(text), Is.EqualTo(expected));
}
