using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Harness.Core.Tests.Repository;

/// <summary>A newcomer who clones the repository can follow every document the code and build files cite.</summary>
public sealed partial class DocumentReferenceTests
{
    /// <summary>Files a run writes, named in code as outputs rather than cited as documentation.</summary>
    private static readonly string[] _writtenByRuns = ["summary.md", "comparison.md"];

    private static readonly string[] _codeAndBuildExtensions = [".cs", ".csproj", ".props", ".targets", ".sh", ".xml"];

    [GeneratedRegex(@"[A-Za-z0-9_./-]+\.md\b")]
    private static partial Regex MarkdownPath();

    [Test]
    public void EveryMarkdownFileTheCodeAndBuildFilesCiteIsInTheRepository()
    {
        var root = RepositoryPaths.Root;
        var files = new[] { "src", "tests", "build", "native", ".ci" }
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => _codeAndBuildExtensions.Contains(Path.GetExtension(path)) || Path.GetDirectoryName(path)!.EndsWith(".ci", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(root, "*.props").Concat(Directory.EnumerateFiles(root, "*.targets")).Append(Path.Combine(root, "harness")))
            .ToArray();
        Assume.That(files, Has.Length.GreaterThan(100), "the source tree is beside the tests");

        var missing = (
            from file in files
            from match in MarkdownPath().Matches(File.ReadAllText(file)).Select(m => m.Value)
            where !_writtenByRuns.Contains(Path.GetFileName(match))
                  && !File.Exists(Path.Combine(root, match))
                  && !File.Exists(Path.Combine(Path.GetDirectoryName(file)!, match))
            select $"{Path.GetRelativePath(root, file)} cites {match}").ToArray();

        Assert.That(missing, Is.Empty, "cite a document inside the repository (docs/architecture.md holds the design and the conventions)");
    }
}
