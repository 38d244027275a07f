namespace Harness.Core.Text;

/// <summary>
/// The one English stop-word list, in three named parts so that each user says what it drops:
/// function words (carry no topic and no checkable content), negations (carry no topic, but flip what
/// a claim states, so the support scorers track them apart) and answer filler (words generated
/// answers wrap around their content). Retrieval drops function words and negations; the claim
/// scorers drop function words and filler, and record negations. Words are expected in lower case.
/// </summary>
public static class StopWords
{
    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "done", "down", "during",
        "each", "either", "et", "etc", "even", "ever", "every", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "may", "me", "might", "more", "most", "much",
        "must", "my", "myself", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
        "over", "own", "per", "same", "shall", "she", "should", "so", "some", "such",
        "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
        "those", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via",
        "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
        "will", "with", "within", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
    };

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "none", "nor", "neither", "nobody", "nothing", "nowhere", "without", "cannot",
    };

    private static readonly HashSet<string> AnswerFiller = new(StringComparer.Ordinal)
    {
        "answer", "yes", "sure", "okay", "ok", "well", "certainly", "indeed", "thank", "thanks", "please", "hello",
        "according", "context", "passage", "based", "provided", "mentioned", "stated", "says", "said",
    };

    public static bool IsFunctionWord(string word) => FunctionWords.Contains(word);

    /// <summary>A negation word, or a contraction ending in n't ("don't", "isn’t").</summary>
    public static bool IsNegation(string word) =>
        Negations.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal) || word.EndsWith("n’t", StringComparison.Ordinal);

    public static bool IsAnswerFiller(string word) => AnswerFiller.Contains(word);

    /// <summary>What retrieval leaves out of queries and term vectors: function words and negations, which name no topic.</summary>
    public static bool IsTopicless(string word) => IsFunctionWord(word) || IsNegation(word);

    /// <summary>What a claim scorer leaves out of a claim's checkable content: function words and answer filler.</summary>
    public static bool IsUncheckable(string word) => IsFunctionWord(word) || IsAnswerFiller(word);
}
