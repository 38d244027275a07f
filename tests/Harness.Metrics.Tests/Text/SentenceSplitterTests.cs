using Harness.Metrics.Text;

namespace Harness.Metrics.Tests.Text;

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
        new object[] { "A sentence that wraps\nonto the next line.", new[] { "A sentence that wraps onto the next line." } },
        new object[] { "The U.S. Army was there.", new[] { "The U.S. Army was there." } },
        new object[] { "   ", Array.Empty<string>() },
    ];

    [TestCaseSource(nameof(Cases))]
    public void SplitsIntoSentences(string text, string[] expected) =>
        Assert.That(SentenceSplitter.Split(text), Is.EqualTo(expected));
}
