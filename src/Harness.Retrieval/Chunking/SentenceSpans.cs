namespace Harness.Retrieval.Chunking;

/// <summary>
/// Finds sentence boundaries as character spans of the original text (so chunks keep exact offsets).
/// A sentence ends at a line break, or at '.', '!' or '?' (plus closing quotes or brackets) followed by
/// white space and then a character that can start a sentence (upper case, digit, quote, bracket);
/// "e.g. this" and "3.5" therefore do not split. Spans exclude surrounding white space.
/// </summary>
internal static class SentenceSpans
{
    public static IEnumerable<(int Start, int End)> Of(string text, int from, int to)
    {
        var start = SkipSpace(text, from, to);
        var i = start;
        while (i < to)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                if (i > start)
                {
                    yield return (start, TrimEnd(text, start, i));
                }
                start = SkipSpace(text, i, to);
                i = start;
                continue;
            }
            if (c is '.' or '!' or '?')
            {
                var end = i + 1;
                while (end < to && text[end] is '"' or '\'' or ')' or ']' or '”' or '’')
                {
                    end++;
                }
                var next = SkipSpace(text, end, to);
                if (end < to && char.IsWhiteSpace(text[end]) && next < to && CanStartSentence(text[next]))
                {
                    yield return (start, end);
                    start = next;
                    i = next;
                    continue;
                }
                i = end;
                continue;
            }
            i++;
        }
        if (start < to)
        {
            var end = TrimEnd(text, start, to);
            if (end > start)
            {
                yield return (start, end);
            }
        }
    }

    private static bool CanStartSentence(char c) =>
        char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\'' or '(' or '[' or '“' or '‘';

    private static int SkipSpace(string text, int i, int to)
    {
        while (i < to && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i;
    }

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return end;
    }
}
