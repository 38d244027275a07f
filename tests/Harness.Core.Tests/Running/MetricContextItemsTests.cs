using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Pipelines;
using Harness.Core.Running;
using NUnit.Framework;

namespace Harness.Core.Tests.Running;

/// <summary>A metric that needs a new input gets it as a typed context item from a source, with no change to Core.</summary>
public sealed class MetricContextItemsTests
{
    [Test]
    public async Task AMetricReadsTheItemItsSourceSuppliesForEachCase()
    {
        var scorer = new CaseScorer(new GlossaryHitMetric(), new MetricInputs(new Corpus([], []), null, [new GlossarySource()]));
        var evalCase = new EvalCase { Id = "c1", Question = "What is AUROC?" };

        var result = await scorer.ScoreAsync(evalCase, new NamedPipeline(), PipelineResult.Success("c1", new PipelineOutput { Answer = "area under the ROC curve" }), warmUp: false, CancellationToken.None);

        // The glossary's entry for c1 is "ROC", which the answer contains: 1.
        Assert.That(result.Metrics.Single().Value, Is.EqualTo(1.0));
    }

    [Test]
    public void WithoutASourceTheItemIsAbsentNotAnError()
    {
        var context = new MetricInputs(new Corpus([], []), null).For(new EvalCase { Id = "c1", Question = "q" }, new PipelineOutput { Answer = "a" }, pipelineRetrieves: false);

        Assert.That(context.Get<Glossary>(), Is.Null);
    }

    /// <summary>A new kind of input: a term per case that a good answer names.</summary>
    private sealed record Glossary(string Term);

    private sealed class GlossarySource : IMetricContextSource
    {
        public IEnumerable<object> ItemsFor(EvalCase evalCase, PipelineOutput output) => [new Glossary(evalCase.Id == "c1" ? "ROC" : "")];
    }

    private sealed class GlossaryHitMetric : IMetric
    {
        public string Name => "glossary";

        public IReadOnlyList<MetricDescriptor> Descriptors { get; } = [new("glossary_hit", "Glossary hit", "glossary", MetricDescriptor.Ratio, HigherIsBetter: true)];

        public ValueTask<IReadOnlyList<MetricValue>> EvaluateAsync(MetricContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<MetricValue>>(
                context.Get<Glossary>() is { } glossary
                    ? [MetricValue.Ok("glossary_hit", context.Output.Answer.Contains(glossary.Term, StringComparison.Ordinal) ? 1 : 0)]
                    : [MetricValue.Inconclusive("glossary_hit", "no glossary for this case")]);
    }

    private sealed class NamedPipeline : IPipeline
    {
        public string Name => "p";

        public string Kind => "closed-book";

        public bool Retrieves => false;

        public Task<IReadOnlyList<PipelineResult>> AnswerAsync(IReadOnlyList<EvalCase> cases, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
