namespace Harness.Metrics.Text;

/// <summary>
/// English function words and conversational filler: words that carry no checkable content, so a
/// claim's support is judged on the rest. Negation words are not here: they are tracked apart.
/// </summary>
internal static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "done", "down", "during",
        "each", "either", "etc", "even", "ever", "every", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "may", "me", "might", "more", "most", "much",
        "must", "my", "myself", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
        "over", "own", "per", "same", "shall", "she", "should", "so", "some", "such",
        "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
        "those", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via",
        "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
        "will", "with", "within", "would", "yet", "you", "your", "yours", "yourself",
        // filler that generated answers wrap around content
        "answer", "yes", "sure", "okay", "ok", "well", "certainly", "indeed", "thank", "thanks", "please", "hello",
        "according", "context", "passage", "based", "provided", "mentioned", "stated", "says", "said",
    };

    public static bool Contains(string lowerCaseWord) => Words.Contains(lowerCaseWord);
}
