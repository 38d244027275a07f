using Harness.Core.Suites;
using Harness.Core.Tests.Datasets;
using NUnit.Framework;

namespace Harness.Core.Tests.Suites;

/// <summary>
/// An MEAI evaluator named in 'metrics:' is a family whose ids the suite declares, so its gates and headline are
/// checked before anything loads, and every mistake in the item is reported at its line with the fix.
/// </summary>
public sealed class EvaluatorSuiteTests
{
    private static readonly string Project = Path.Combine(TestRepository.Root, "examples", "Harness.Examples.Evaluators", "Harness.Examples.Evaluators.csproj");

    private static string Suite(string evaluator, string gates = "") => $"""
        name: s
        dataset: toyqa
        models: {"{"} generator: stories260K {"}"}
        pipelines: [{"{"} name: p, kind: closed-book {"}"}]
        metrics:
          - answer
          - {evaluator}
        {gates}
        """;

    private static string Length(string extra = "") =>
        $"{{ evaluator: \"Contoso.Evals.AnswerLengthEvaluator, Contoso.Evals\", project: {Project}, returns: {{ Words: numeric, Within Bounds: boolean, Verbosity: [terse, verbose] }}{extra} }}";

    private static string[] Problems(string yaml) => [.. SuiteReader.Parse("suite.yaml", yaml).Problems.Select(p => $"{p.Line}: {p.Message}")];

    [Test]
    public void AnEvaluatorsMetricsGetIdsPrefixedByItsFamilyOneIdPerStringValue()
    {
        var read = SuiteReader.Parse("suite.yaml", Suite(Length()));

        Assert.That(read.Problems, Is.Empty);
        var evaluator = read.Suite!.Evaluators.Single();
        Assert.Multiple(() =>
        {
            // "AnswerLengthEvaluator" without "Evaluator", split at its case changes: answer_length.
            Assert.That(evaluator.Family, Is.EqualTo("answer_length"));
            Assert.That(evaluator.TypeName, Is.EqualTo("Contoso.Evals.AnswerLengthEvaluator"));
            Assert.That(evaluator.AssemblyName, Is.EqualTo("Contoso.Evals"));
            Assert.That(evaluator.Project, Is.EqualTo(Project));
            Assert.That(evaluator.ToMetricFamily().Ids, Is.EqualTo(new[]
            {
                "answer_length.words", "answer_length.within_bounds", "answer_length.verbosity=terse", "answer_length.verbosity=verbose",
            }));
            Assert.That(evaluator.ToMetricFamily().Metrics.Select(m => m.Proportion), Is.EqualTo(new[] { false, true, true, true }));
        });
    }

    [Test]
    public void AGateAndTheHeadlineMayNameAnEvaluatorsIdAndABooleansBoundMustLieBetween0And1()
    {
        var yaml = Suite(Length(", name: length"), """
            headline: length.words
            gates:
              - { metric: length.within_bounds, min: 0.5 }
              - { metric: length.verbosity=terse, max: 0.2 }
              - { metric: length.words, max: 40 }
              - { metric: length.within_bounds, min: 2 }
              - { metric: length.within_bound, min: 0.5 }
              - { metric: length, min: 0.5 }
            """);

        // Lines: 1-7 the suite up to the evaluator, 8 headline, 9 gates:, 10-12 the three good gates, 13-15 the bad ones.
        Assert.That(Problems(yaml), Is.EqualTo(new[]
        {
            "13: 'min' must lie among the values length.within_bounds takes, 0 to 1, got 2",
            "14: unknown metric 'length.within_bound' - did you mean 'length.within_bounds'?",
            "15: a gate needs one metric id, not the evaluator family 'length' - e.g. length.words",
        }));
    }

    [TestCase("{ evaluator: \"NoAssembly\", project: PROJECT, returns: { A: numeric } }", "must be an assembly-qualified type name, '<Namespace.Type>, <Assembly>'")]
    [TestCase("{ evaluator: \"A.B, A\", returns: { A: numeric } }", "an evaluator needs exactly one of 'project: <.csproj path>' (built before the run) or 'assembly: <.dll path>'")]
    [TestCase("{ evaluator: \"A.B, A\", project: PROJECT, assembly: x.dll, returns: { A: numeric } }", "an evaluator needs exactly one of")]
    [TestCase("{ evaluator: \"A.B, A\", project: missing/Evals.csproj, returns: { A: numeric } }", "project 'missing/Evals.csproj' is missing at")]
    [TestCase("{ evaluator: \"A.B, A\", project: PROJECT }", "an evaluator needs 'returns:', its EvaluationMetricNames with their kinds")]
    [TestCase("{ evaluator: \"A.B, A\", project: PROJECT, returns: { A: text } }", "the kind of 'A' must be numeric, boolean, or the list of values a string metric takes")]
    [TestCase("{ evaluator: \"A.B, A\", project: PROJECT, returns: { A: [x, x] } }", "the values of 'A' repeat one - list each once")]
    [TestCase("{ evaluator: \"A.B, A\", project: PROJECT, returns: { Within Bounds: numeric, within-bounds: boolean } }", "'within-bounds' gives the id 'b.within_bounds', as an earlier metric of this evaluator does")]
    [TestCase("{ evaluator: \"A.B, A\", project: PROJECT, name: answer, returns: { A: numeric } }", "evaluator family 'answer' is already a family of this suite - give the evaluator another 'name:'")]
    [TestCase("{ evaluator: \"A.B, A\", project: PROJECT, name: Tone, returns: { A: numeric } }", "evaluator family name 'Tone' must be lower-case letters, digits and '_' - e.g. 'tone'")]
    [TestCase("{ evaluator: \"A.B, A\", project: PROJECT, returns: { A: numeric }, retruns: 1 }", "unknown key 'retruns' in an evaluator - did you mean 'returns'?")]
    public void AMistakeInAnEvaluatorItemIsReportedOnItsLineWithTheFix(string item, string message)
    {
        var problems = Problems(Suite(item.Replace("PROJECT", Project, StringComparison.Ordinal)));

        Assert.That(problems, Has.Some.StartsWith("7: ").And.Contains(message), string.Join("\n", problems));
    }
}
