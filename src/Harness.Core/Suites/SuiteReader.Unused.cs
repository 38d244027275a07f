using Harness.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace Harness.Core.Suites;

// Settings the run would never read are refused where they are written (suites/README.md: no setting is
// silently ignored): a pipeline's by its kind (CheckKind), a suite's default when no pipeline or metric takes it.
public static partial class SuiteReader
{
    /// <summary>The pipeline keys only a kind that generates text reads.</summary>
    private static readonly string[] GenerationKeys = ["prompt", "max_tokens", "temperature", "seed"];

    /// <summary>A prompt as written: its template, the mapping and key it sits under, and its own mapping when written as { template, chat_template, system }.</summary>
    private sealed record PromptSource(PromptTemplate Template, YamlMap Owner, string Key, YamlMap? Map);

    /// <summary>A pipeline as read, and what it takes from the suite: the generator unless it names its own model, the embedder unless its retriever names one, and its prompt.</summary>
    private sealed record PipelineUse(PipelineDefinition Pipeline, PipelineKindInfo Kind, bool OwnModel, bool OwnEmbedder, PromptSource? Prompt);

    private sealed partial class ReadContext
    {
        private readonly List<PipelineUse> _uses = [];

        /// <summary>Refuses the suite-wide settings that no pipeline and no metric of the suite takes.</summary>
        private void RefuseUnused(YamlMap root, SuiteDefinition suite, IEnumerable<PromptSource> prompts)
        {
            if (root.Has("generation") && !_uses.Any(u => u.Kind.Generates))
            {
                root.Report(root.KeyNode("generation"), "no pipeline of the suite generates text (an extractive pipeline answers without a model), so 'generation' means nothing - remove it");
            }
            foreach (var source in prompts)
            {
                var takers = _uses.Where(u => u.Prompt == source).Select(u => u.Kind).ToArray();
                if (takers.Length == 0)
                {
                    source.Owner.Report(source.Owner.KeyNode(source.Key), $"no pipeline answers with prompts.{source.Key}: {WhyNoPipelineTakes(source.Key)} - remove it");
                }
                else
                {
                    RefuseUnsentPromptSettings(source, takers);
                }
            }
            if (root.Has("scope") && _uses.All(u => u.Pipeline.Retriever is null))
            {
                root.Report(root.KeyNode("scope"), "no pipeline retrieves, so 'scope' (where retrieval looks) means nothing - remove it");
            }
            if (root.Has("cost") && !Computes(suite, "cost", "cost_per_case", "cost_total"))
            {
                root.Report(root.KeyNode("cost"), "'cost' prices cost_per_case and cost_total, and the suite computes neither - add 'cost' to metrics or remove it");
            }
            if (root.Get("models") is YamlMappingNode node)
            {
                RefuseUnusedModels(new YamlMap(node, file), suite);
            }
        }

        /// <summary>A prompt's chat_template and system reach the model only through some of the pipelines that answer with it.</summary>
        private static void RefuseUnsentPromptSettings(PromptSource source, IReadOnlyList<PipelineKindInfo> takers)
        {
            if (source.Map is not { } map)
            {
                return;
            }
            if (map.Has("chat_template") && !takers.Any(k => k.LocalModel))
            {
                map.Report(map.KeyNode("chat_template"), "a remote server applies its own chat template to the messages it is sent - remove 'chat_template'");
            }
            if (source.Template.System is not null && !takers.Any(k => k.Remote || (k.LocalModel && source.Template.UseChatTemplate)))
            {
                map.Report(map.KeyNode("system"), "'system' reaches a local model only through its chat template - add 'chat_template: true', or remove 'system'");
            }
        }

        private string WhyNoPipelineTakes(string key)
        {
            if (key == "default")
            {
                return _uses.Any(u => u.Kind.Generates) ? "every pipeline that generates has its own prompt or one for its kind" : "no pipeline of the suite generates text";
            }
            var kind = PipelineKinds.Named(key)!;
            return !_uses.Any(u => u.Kind == kind) ? $"the suite has no {key} pipeline"
                : kind.Generates ? $"every {key} pipeline has its own prompt"
                : $"a {key} pipeline answers without a prompt";
        }

        private void RefuseUnusedModels(YamlMap models, SuiteDefinition suite)
        {
            var perplexity = Computes(suite, "fluency");
            var generatorUsed = _uses.Any(u => u.Kind.LocalModel && !u.OwnModel)
                || _uses.Any(u => !u.Kind.LocalModel && u.Pipeline.Retriever?.Chunk?.Unit == ChunkUnit.Tokens)
                || (perplexity && suite.Models.Fluency is null);
            if (suite.Models.Generator is not null && !generatorUsed)
            {
                models.Report(models.KeyNode("generator"), "nothing uses 'generator': every local pipeline names its own 'model:', no other pipeline counts chunk tokens with it, and perplexity is not computed - remove it");
            }
            var embedderUsed = _uses.Any(u => u.Pipeline.Retriever is { Kind: not RetrieverKind.Bm25 } && !u.OwnEmbedder) || Computes(suite, "relevance");
            if (suite.Models.Embedder is not null && !embedderUsed)
            {
                models.Report(models.KeyNode("embedder"), "nothing uses 'embedder': no dense or hybrid retriever goes without its own 'embedder:', and no relevance metric is computed - remove it");
            }
            if (suite.Models.Fluency is not null && !perplexity)
            {
                models.Report(models.KeyNode("fluency"), "'fluency' is the model of the perplexity metric, and the suite does not compute it - add 'fluency' to metrics or remove it");
            }
        }

        /// <summary>Whether the suite's metrics name the family, or (when <paramref name="ids"/> are given) one of those ids of it, or else any id of it.</summary>
        private static bool Computes(SuiteDefinition suite, string family, params string[] ids) =>
            suite.Metrics.Any(m => m == family || (ids.Length == 0 ? KnownMetrics.FamilyOf(m) == family : ids.Contains(m)));
    }
}
