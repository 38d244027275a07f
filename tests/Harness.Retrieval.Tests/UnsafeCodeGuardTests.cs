using System.Text.RegularExpressions;
using Harness.Core;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

public sealed partial class UnsafeCodeGuardTests
{
    [Test]
    public void HarnessRetrievalSourcesContainNoUnsafeCode()
    {
        // AllowUnsafeBlocks is on only because [LibraryImport]'s generated code needs it (docs/architecture.md, "Conventions": only Harness.Llama has unsafe code).
        var sources = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "Harness.Retrieval"), "*.cs", SearchOption.AllDirectories);
        var offenders = sources.Where(path => UnsafeKeyword().IsMatch(File.ReadAllText(path))).ToArray();

        Assert.That(sources, Is.Not.Empty);
        Assert.That(offenders, Is.Empty);
    }

    [GeneratedRegex(@"\bunsafe\b|\bfixed\s*\(|\bstackalloc\b")]
    private static partial Regex UnsafeKeyword();
}
