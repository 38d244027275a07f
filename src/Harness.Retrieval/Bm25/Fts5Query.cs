using Harness.Core.Text;

namespace Harness.Retrieval.Bm25;

/// <summary>
/// Turns a question into an FTS5 MATCH expression that can neither fail nor change meaning: the
/// question's words become quoted strings joined by OR, so FTS5 syntax in it ("AND", "NEAR", "*",
/// ":", quotes, parentheses, column filters) is matched as plain words or dropped as punctuation.
/// Function words and negations (<see cref="StopWords.IsTopicless"/>) are left out unless the question has nothing else: they add almost no
/// BM25 weight, yet match nearly every chunk, so every chunk would have to be scored.
/// </summary>
public static class Fts5Query
{
    /// <summary>The MATCH expression, or null when the question has no words to search for.</summary>
    public static string? For(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var words = WordTokens.Of(question).Distinct(StringComparer.Ordinal).ToArray();
        var content = words.Where(word => !StopWords.IsTopicless(word)).ToArray();
        var terms = content.Length > 0 ? content : words;
        // Terms hold letters and digits only, so they contain no '"' to escape.
        return terms.Length == 0 ? null : string.Join(" OR ", terms.Select(term => $"\"{term}\""));
    }
}
