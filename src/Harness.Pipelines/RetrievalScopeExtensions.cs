using Harness.Core.Data;
using Harness.Core.Datasets;

namespace Harness.Pipelines;

public static class RetrievalScopeExtensions
{
    /// <summary>The document to restrict retrieval to, or null for the whole corpus.</summary>
    public static string? DocumentOf(this RetrievalScope scope, EvalCase evalCase) =>
        scope == RetrievalScope.Document ? evalCase.DocumentId : null;
}
