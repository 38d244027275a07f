using System.Globalization;
using Harness.Core.Data;
using Harness.Core.Metrics;
using Harness.Core.Results;

namespace Harness.Core.Tests.Gates;

/// <summary>Builds small runs by hand: per-case metric values, cases in error, the run's seed and hashes.</summary>
internal sealed class RunBuilder
{
    public static readonly MetricDescriptor Recall = new("recall@5", "Recall@5", "retrieval", "", HigherIsBetter: true);
    public static readonly MetricDescriptor TokenF1 = new("token_f1", "Token F1", "answer", "", HigherIsBetter: true);
    public static readonly MetricDescriptor Latency = new("latency_ms", "Latency", "latency", "ms", HigherIsBetter: false, Format: "0.0");

    private readonly Dictionary<(string Pipeline, string CaseId), List<MetricValue>> _values = [];
    private readonly Dictionary<(string Pipeline, string CaseId), string> _errors = [];
    private readonly List<string> _caseIds = [];
    private readonly List<string> _pipelines = [];
    private string _suite = "smoke";
    private string _modelSha = "aa11";
    private string? _datasetHash = "dd22";
    private int _seed = 1;
    private SupportScorerInfo? _scorer;
    private string? _cpuVariant = "portable";

    public static string CaseId(int index) => string.Create(CultureInfo.InvariantCulture, $"c{index:000}");

    public RunBuilder Values(string pipeline, MetricDescriptor metric, IEnumerable<double> values)
    {
        var i = 0;
        foreach (var value in values)
        {
            Add(pipeline, CaseId(i++), MetricValue.Ok(metric.Id, value));
        }
        return this;
    }

    public RunBuilder Value(string pipeline, string caseId, MetricValue value)
    {
        Add(pipeline, caseId, value);
        return this;
    }

    /// <summary>The pipeline failed on this case (its metric values, if any, stay but must not count).</summary>
    public RunBuilder Error(string pipeline, string caseId, string reason)
    {
        Track(pipeline, caseId);
        _errors[(pipeline, caseId)] = reason;
        return this;
    }

    public RunBuilder Suite(string suite)
    {
        _suite = suite;
        return this;
    }

    public RunBuilder Seed(int seed)
    {
        _seed = seed;
        return this;
    }

    public RunBuilder ModelSha(string sha)
    {
        _modelSha = sha;
        return this;
    }

    public RunBuilder DatasetHash(string? hash)
    {
        _datasetHash = hash;
        return this;
    }

    public RunBuilder CpuVariant(string? variant)
    {
        _cpuVariant = variant;
        return this;
    }

    public RunBuilder Scorer(string name, string identity)
    {
        _scorer = new SupportScorerInfo(name, identity);
        return this;
    }

    public RunResult Build()
    {
        var keys = _values.Keys.Concat(_errors.Keys).Distinct()
            .OrderBy(k => _pipelines.IndexOf(k.Pipeline)).ThenBy(k => _caseIds.IndexOf(k.CaseId));
        return new RunResult
        {
            Info = new RunInfo
            {
                RunId = $"{_suite}-run",
                Suite = _suite,
                Dataset = "fixture",
                DatasetHash = _datasetHash,
                StartedAt = new DateTimeOffset(2026, 11, 21, 5, 0, 0, TimeSpan.Zero),
                Seed = _seed,
                SupportScorer = _scorer,
            },
            Environment = new RunEnvironment
            {
                MachineName = "test",
                OperatingSystem = "Linux",
                DotNetVersion = ".NET 10",
                ProcessorCount = 2,
                CpuVariant = _cpuVariant,
                Models = [new ModelFileInfo("stories260K", "generator", "models/stories260K.gguf", _modelSha)],
            },
            Pipelines = _pipelines.Select(p => new PipelineInfo(p, p == "rag" ? "rag" : "closed-book", p == "rag", "")).ToArray(),
            Cases = _caseIds.Select((id, i) => new EvalCase { Id = id, Question = "q", Source = $"fixture.jsonl:{i + 1}" }).ToArray(),
            Results = keys.Select(k => new CaseResult(
                k.CaseId, k.Pipeline, null, _errors.GetValueOrDefault(k),
                _values.TryGetValue(k, out var metrics) ? metrics : [])).ToArray(),
            Metrics = [Recall, TokenF1, Latency],
            Summary = [],
        };
    }

    private void Add(string pipeline, string caseId, MetricValue value)
    {
        Track(pipeline, caseId);
        if (!_values.TryGetValue((pipeline, caseId), out var list))
        {
            _values[(pipeline, caseId)] = list = [];
        }
        list.RemoveAll(v => v.MetricId == value.MetricId);
        list.Add(value);
    }

    private void Track(string pipeline, string caseId)
    {
        if (!_pipelines.Contains(pipeline))
        {
            _pipelines.Add(pipeline);
        }
        if (!_caseIds.Contains(caseId))
        {
            _caseIds.Add(caseId);
        }
    }
}
