using Harness.Core;
using Harness.Core.Models;
using Harness.Pipelines.Synthetic;
using NUnit.Framework;

namespace Harness.Pipelines.Tests;

/// <summary>stories260K, which the bootstrap links into the cache, and the ChatML copy made from it by its card; tests needing them are ignored (with the reason) when it is absent.</summary>
internal static class StoriesModel
{
    public static void Require()
    {
        if (!File.Exists(Path.Combine(RepositoryPaths.Cache, "models", "stories260K.gguf")))
        {
            Assert.Ignore("stories260K.gguf is not in the cache: run 'bash native/bootstrap.sh' with ../shared beside the repository");
        }
    }

    /// <summary>Makes models/stories260K-chatml.yaml's file (stories260K with a ChatML template) into <paramref name="directory"/>.</summary>
    public static string MakeChatml(string directory)
    {
        Require();
        return SyntheticModelFiles.Make(new ModelCatalog(), "stories260K-chatml", directory).Path;
    }
}
