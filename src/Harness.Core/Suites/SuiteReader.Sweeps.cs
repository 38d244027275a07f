using Harness.Core.Configuration;
using Harness.Core.Gates;
using Harness.Core.Metrics;
using YamlDotNet.RepresentationModel;

namespace Harness.Core.Suites;

// A pipeline's sweep: (suites/README.md, "Sweeps and selection"): each variant is the pipeline with its swept values
// written in, read by the same code as any pipeline, so a value it cannot take is reported at the value's own line:col.
public static partial class SuiteReader
{
    /// <summary>One swept setting as written: its path, the keys it is written under in a pipeline, its key in the sweep, and its values.</summary>
    private sealed record SweepAxis(string Path, IReadOnlyList<string> Keys, YamlScalarNode Key, IReadOnlyList<YamlScalarNode> Values);

    private sealed partial class ReadContext
    {
        private readonly List<PipelineSweep> _sweeps = [];

        /// <summary>Where the first 'sweep:' is written, for the message that asks for 'select:'.</summary>
        private YamlNode? _firstSweep;

        /// <summary>Reads every variant of a swept pipeline; the pipeline's entry is its first variant under its own name (null when a variant has problems).</summary>
        private PipelineDefinition? SweptPipeline(YamlMap map, SuiteModels models, GenerationDefinition generation, Dictionary<string, PromptSource> prompts, int seed)
        {
            _firstSweep ??= map.KeyNode("sweep");
            var axes = SweepAxes(map);
            var combinations = axes.Aggregate(
                (IEnumerable<IReadOnlyList<(SweepAxis Axis, YamlScalarNode Value)>>)[[]],
                (done, axis) => done.SelectMany(combination => axis.Values.Select(value => (IReadOnlyList<(SweepAxis, YamlScalarNode)>)[.. combination, (axis, value)])))
                .ToList();
            if (combinations.Count > SweepPaths.MaxVariants)
            {
                map.Report(map.KeyNode("sweep"), $"the sweep makes {combinations.Count} variants, each answering every selection case; at most {SweepPaths.MaxVariants} - sweep fewer values");
                return null;
            }
            var variants = new List<SweepVariant>();
            string? name = null;
            foreach (var combination in combinations)
            {
                var overrides = combination.Select(c => new YamlOverride(c.Axis.Keys, c.Value, c.Axis.Key)).ToList();
                // 'retriever: bm25' is shorthand for { kind: bm25 }: a retriever setting swept beneath it keeps that kind.
                if (map.Get("retriever") is YamlScalarNode shorthand && overrides.Any(o => o.Keys[0] == "retriever"))
                {
                    overrides.Add(new YamlOverride(["retriever", "kind"], shorthand, shorthand));
                }
                var variantMap = new YamlMap(YamlOverlay.Apply((YamlMappingNode)map.Node, "sweep", overrides), file);
                if (Pipeline(variantMap, models, generation, prompts, seed) is { } pipeline)
                {
                    name ??= pipeline.Name;
                    SweepSetting[] settings = [.. combination.Select(c => new SweepSetting(c.Axis.Path, c.Value.Value ?? ""))];
                    variants.Add(new SweepVariant(pipeline with { Name = SweepVariant.Name(pipeline.Name, settings) }, settings));
                }
            }
            if (name is null || axes.Count == 0 || variants.Count < combinations.Count)
            {
                return null;
            }
            _sweeps.Add(new PipelineSweep(name, variants));
            return variants[0].Pipeline with { Name = name };
        }

        /// <summary>The sweep's settings, each a known path with at least two different single values, in a block the pipeline has, and not also written in the pipeline.</summary>
        private static List<SweepAxis> SweepAxes(YamlMap map)
        {
            var axes = new List<SweepAxis>();
            var entries = map.Entries("sweep");
            if (entries.Count == 0 && map.Get("sweep") is YamlMappingNode or null)
            {
                map.Report(map.KeyNode("sweep"), "the sweep names no setting - e.g. 'sweep: { top_k: [1, 3, 5] }'");
            }
            foreach (var (key, value) in entries)
            {
                var path = key.Value ?? "";
                if (SweepPaths.KeysOf(path) is not { } keys)
                {
                    map.Report(key, SweepPaths.Unknown(path));
                    continue;
                }
                if (SweepValues(map, path, value) is not { } values)
                {
                    continue;
                }
                if (keys.Count > 1 && map.Get(keys[0]) is null)
                {
                    map.Report(key, $"'{path}' is a setting of the pipeline's '{keys[0]}:', which it does not have - a sweep varies a pipeline's settings, it adds no '{keys[0]}:'");
                    continue;
                }
                if (WrittenAlready(map.Node, keys) is { } written)
                {
                    map.Report(written, $"'{path}' is swept, so the value written here is never used - remove it from the pipeline");
                }
                axes.Add(new SweepAxis(path, keys, key, values));
            }
            return axes;
        }

        private static List<YamlScalarNode>? SweepValues(YamlMap map, string path, YamlNode node)
        {
            if (node is not YamlSequenceNode { Children.Count: >= 2 } list)
            {
                map.Report(node, $"a sweep lists at least two values of '{path}', e.g. '{path}: [<value>, <value>]' - to use one value, write the setting in the pipeline");
                return null;
            }
            var values = new List<YamlScalarNode>();
            foreach (var item in list)
            {
                if (item is not YamlScalarNode { Value: { Length: > 0 } text } scalar)
                {
                    map.Report(item, $"the values of a sweep are single values - '{path}' has a {YamlMap.Describe(item)} here");
                }
                else if (values.Any(v => v.Value == text))
                {
                    map.Report(item, $"'{path}: {text}' is listed twice - each value makes one variant; list it once");
                }
                else
                {
                    values.Add(scalar);
                }
            }
            return values.Count == list.Children.Count ? values : null;
        }

        /// <summary>
        /// The key in the pipeline that already sets what the path sweeps: the key itself, a 'chunk: passages' a chunk size
        /// would replace, or a retriever shorthand ('retriever: bm25') when the kind is swept; null when nothing is written there.
        /// </summary>
        private static YamlNode? WrittenAlready(YamlNode node, IReadOnlyList<string> keys)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (node is not YamlMappingNode mapping
                    || mapping.Children.FirstOrDefault(p => p.Key is YamlScalarNode s && s.Value == keys[i]) is not { Key: { } key, Value: { } value })
                {
                    return null;
                }
                if (i == keys.Count - 1)
                {
                    return key;
                }
                if (value is YamlScalarNode)
                {
                    var shorthandKind = keys[i] == "retriever" && keys[i + 1] == "kind";
                    return keys[i] == "retriever" && !shorthandKind ? null : value;
                }
                node = value;
            }
            return null;
        }

        /// <summary>'select: { split: dev, metric: token_f1, limit: 40 }' or '{ share: 0.2, metric: … }': how the variants of the sweeps are chosen.</summary>
        private SelectionDefinition? Selection(YamlMap root, List<string> metrics, IReadOnlyList<MetricFamily> evaluators)
        {
            if (root.Map("select") is not { } map)
            {
                return null;
            }
            var split = map.String("split");
            Reference(SuiteReferenceKind.SelectionSplit, split, "selection split", map.Get("split"));
            var share = map.Double("share");
            if (share is <= 0 or >= 1)
            {
                map.Report(map.Get("share")!, $"'share' is the share of the evaluated cases held out to select on, above 0 and below 1, got {share} - e.g. 0.2");
            }
            if (map.Has("split") && map.Has("share"))
            {
                map.Report(map.KeyNode("share"), "give 'split' or 'share', not both - 'split' selects on a split the suite does not evaluate, 'share' on a seeded share of the evaluated split that is then left out of it");
            }
            else if (!map.Has("split") && !map.Has("share"))
            {
                map.Report(map.Node, "'select' needs 'split: <a split the suite does not evaluate>' (e.g. dev) or 'share: 0.2' (a seeded share of the evaluated cases, then left out of the evaluation)");
            }
            var metricName = map.RequiredString("metric", "add 'metric: <a per-case metric id the suite computes>', e.g. token_f1");
            var metric = metricName is null ? null : GateReader.CheckMetric(map, map.Get("metric")!, metricName, metrics, evaluators);
            if (metric is not null && KnownMetrics.IsCorpus(metric))
            {
                map.Report(map.Get("metric")!, $"'{metric}' is measured once per pipeline, with no value per case to compare variants on - select by a per-case metric such as {KnownMetrics.ByFamily[KnownMetrics.FamilyOf(metric)!][0].Replace("@k", "@5", StringComparison.Ordinal)}");
                metric = null;
            }
            var limit = map.Int("limit", min: 1);
            map.ReportUnknownKeys("'select'");
            return metric is null ? null : new SelectionDefinition { Split = split, Share = share, Metric = metric, Limit = limit };
        }

        /// <summary>A sweep is chosen by 'select:', and 'select:' chooses among sweeps: each without the other is refused.</summary>
        private void CheckSelection(YamlMap root, SelectionDefinition? selection)
        {
            if (_firstSweep is { } sweep && !root.Has("select"))
            {
                root.Report(sweep, "a sweep's variants are chosen on cases the suite does not evaluate - add 'select: { split: dev, metric: <metric id> }' (or 'share: 0.2' instead of 'split') to the suite");
            }
            if (root.Has("select") && _firstSweep is null && selection is not null)
            {
                root.Report(root.KeyNode("select"), "no pipeline has a 'sweep:', so 'select' has nothing to choose - remove it, or sweep a pipeline's settings");
            }
        }
    }
}
