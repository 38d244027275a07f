using Harness.Core.Data;

namespace Harness.Core.Pipelines;

/// <summary>A passage a retriever returned, with its score and 1-based rank.</summary>
public sealed record RetrievedPassage(Passage Passage, double Score, int Rank);
