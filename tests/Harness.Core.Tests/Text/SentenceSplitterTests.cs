using Harness.Core.Text;
using NUnit.Framework;

namespace Harness.Core.Tests.Text;

public sealed class SentenceSplitterTests
{
    private static readonly object[] Cases =
    [
        new object[] { "Paris is in France. Berlin is in Germany.", new[] { "Paris is in France.", "Berlin is in Germany." } },
        new object[] { "Is it safe? Yes! It is.", new[] { "Is it safe?", "Yes!", "It is." } },
        new object[] { "The dose is 3.5 mg. Take it daily.", new[] { "The dose is 3.5 mg.", "Take it daily." } },
        new object[] { "Dr. Smith and Mrs. Jones met J. Doe. They talked.", new[] { "Dr. Smith and Mrs. Jones met J. Doe.", "They talked." } },
        new object[] { "Use e.g. ibuprofen. It helps.", new[] { "Use e.g. ibuprofen.", "It helps." } },
        new object[] { "See Fig. 3 for details. It shows growth.", new[] { "See Fig. 3 for details.", "It shows growth." } },
        new object[] { "Is it safe? No. It causes bleeding.", new[] { "Is it safe?", "No.", "It causes bleeding." } },
        new object[] { "See No. 5 and Jan. 2020 data. Done.", new[] { "See No. 5 and Jan. 2020 data.", "Done." } },
        new object[] { "It costs approx. five dollars.", new[] { "It costs approx. five dollars." } },
        new object[] { "He said \"stop.\" Then he left.", new[] { "He said \"stop.\"", "Then he left." } },
        new object[] { "It grew (by 5%.) Then it fell.", new[] { "It grew (by 5%.)", "Then it fell." } },
        new object[] { "Wait... what happened? Nothing…", new[] { "Wait... what happened?", "Nothing…" } },
        new object[] { "Steps: 1. Mix well. 2. Heat it.", new[] { "Steps: 1. Mix well.", "2. Heat it." } },
        new object[] { "Causes:\n- smoking\n- asbestos exposure", new[] { "Causes:", "smoking", "asbestos exposure" } },
        new object[] { "1. First item\n2) Second item", new[] { "First item", "Second item" } },
        new object[] { "First paragraph without a period\n\nSecond paragraph", new[] { "First paragraph without a period", "Second paragraph" } },
        new object[] { "A line break always\nends a sentence.", new[] { "A line break always", "ends a sentence." } },
        new object[] { "The U.S. Army was there.", new[] { "The U.S. Army was there." } },
        new object[] { "   ", Array.Empty<string>() },
    ];

    [TestCaseSource(nameof(Cases))]
    public void SplitsIntoSentences(string text, string[] expected) =>
        Assert.That(SentenceSplitter.Split(text), Is.EqualTo(expected));

    [Test]
    public void SpansAreOffsetsIntoTheOriginalTextWithoutMarkersOrWhiteSpace()
    {
        const string text = "  - First item.\r\nDr. Smith came. He left.";

        var spans = SentenceSplitter.Spans(text);

        // "First item." starts after "  - " (offset 4) and ends at 15; the next line starts at 17
        // ("\r\n" is 15-16); "Dr. Smith came." is 15 characters (17-32), "He left." 8 (33-41).
        Assert.That(spans, Is.EqualTo(new[] { (4, 15), (17, 32), (33, 41) }));
        Assert.That(spans.Select(span => text[span.Start..span.End]), Is.EqualTo(new[] { "First item.", "Dr. Smith came.", "He left." }));
    }
}
