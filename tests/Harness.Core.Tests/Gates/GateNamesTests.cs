using Harness.Core.Gates;
using NUnit.Framework;

namespace Harness.Core.Tests.Gates;

public sealed class GateNamesTests
{
    [Test]
    public void GateNamesReadAsSentences()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GateNames.Threshold("medical-covidqa", "rag-bm25", "recall@5", 0.6, null), Is.EqualTo("medical-covidqa / rag-bm25 / recall@5 ≥ 0.60"));
            Assert.That(GateNames.Threshold("medical-covidqa", "rag-dense", "hallucination_rate", null, 0.3), Is.EqualTo("medical-covidqa / rag-dense / hallucination_rate ≤ 0.30"));
            Assert.That(GateNames.Threshold("smoke", "rag", "token_f1", 0.2, 0.9), Is.EqualTo("smoke / rag / 0.20 ≤ token_f1 ≤ 0.90"));
            Assert.That(GateNames.Comparison("smoke", "rag", "closed-book", "token_f1"), Is.EqualTo("smoke / rag beats closed-book on token_f1"));
            Assert.That(GateNames.Comparison("smoke", "rag", "closed-book", "token_f1", 0.05), Is.EqualTo("smoke / rag beats closed-book on token_f1 by more than 0.05"));
            Assert.That(GateNames.Regression("smoke", 0.02, []), Is.EqualTo("smoke / no regression vs baseline beyond 0.02"));
            Assert.That(GateNames.Regression("smoke", 0.02, ["recall@5", "token_f1"]), Is.EqualTo("smoke / recall@5, token_f1 no worse than baseline − 0.02"));
            Assert.That(GateNames.RegressionCheck("smoke", "rag", "recall@5", 0.02), Is.EqualTo("smoke / rag / recall@5 no worse than baseline − 0.02"));
            Assert.That(GateNames.ErrorBudget("smoke", 0.02), Is.EqualTo("smoke / errors ≤ 2%"));
        });
    }

    [TestCase(0.6, "0.60")]
    [TestCase(0.025, "0.025")]
    [TestCase(1500.0, "1500")]
    [TestCase(2.5, "2.50")]
    public void ThresholdsKeepTheirDigits(double value, string expected)
    {
        Assert.That(GateNames.Number(value), Is.EqualTo(expected));
    }
}
