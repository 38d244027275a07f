using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Core.Data;
using Harness.Core.Text;

namespace Harness.Retrieval.Chunking;

/// <summary>
/// Cuts a corpus into passages (ids "&lt;docId&gt;#c&lt;n&gt;"). Token mode packs whole sentences into windows
/// of at most <see cref="ChunkingOptions.Tokens"/> tokens, cutting a longer sentence at word boundaries,
/// and starts each window with the previous window's last sentences worth at most
/// <see cref="ChunkingOptions.Overlap"/> tokens. Every chunk is a contiguous span of its document, so
/// it can be matched against gold evidence spans by overlap. Token counts are summed over sentences,
/// which for subword tokenizers can differ from the count of the joined text by a token or two.
/// </summary>
public sealed partial class Chunker(ChunkingOptions options, ITokenCounter? tokenCounter = null)
{
    private readonly ITokenCounter _counter = tokenCounter ?? WordTokenCounter.Instance;

    /// <summary>The cache-key description of this chunker's output.</summary>
    public string Description => options.Describe(_counter);

    public IReadOnlyList<Passage> Chunk(Corpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        options.Validate();
        if (options.Mode == ChunkingMode.Passages)
        {
            return corpus.Passages.Count > 0
                ? corpus.Passages
                : throw new ArgumentException("the dataset has no passages of its own - use token chunking (chunk: { tokens: 200, overlap: 40 })");
        }
        var chunks = new List<Passage>();
        foreach (var document in corpus.Documents)
        {
            chunks.AddRange(ChunkDocument(document));
        }
        return chunks;
    }

    public IEnumerable<Passage> ChunkDocument(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var units = Units(document.Text);
        var number = 0;
        var first = 0;
        while (first < units.Count)
        {
            var last = first;
            var tokens = units[first].Tokens;
            while (last + 1 < units.Count && tokens + units[last + 1].Tokens <= options.Tokens)
            {
                last++;
                tokens += units[last].Tokens;
            }
            var (start, end) = (units[first].Start, units[last].End);
            yield return new Passage(
                string.Create(CultureInfo.InvariantCulture, $"{document.Id}#c{number++}"),
                document.Id, start, end, document.Text[start..end]);
            if (last + 1 >= units.Count)
            {
                break;
            }
            // The next window repeats trailing units of this one, but always advances by at least one.
            var next = last + 1;
            var repeated = 0;
            while (next - 1 > first && repeated + units[next - 1].Tokens <= options.Overlap)
            {
                next--;
                repeated += units[next].Tokens;
            }
            first = next;
        }
    }

    private List<Unit> Units(string text)
    {
        var units = new List<Unit>();
        foreach (var (start, end) in SentenceSplitter.Spans(text))
        {
            var tokens = _counter.Count(text[start..end]);
            if (tokens <= options.Tokens)
            {
                units.Add(new Unit(start, end, tokens));
            }
            else
            {
                SplitLongSentence(text, start, end, units);
            }
        }
        return units;
    }

    // A sentence longer than a chunk becomes pieces of whole words, each within the token budget.
    private void SplitLongSentence(string text, int start, int end, List<Unit> units)
    {
        var pieceStart = -1;
        var pieceEnd = 0;
        var pieceTokens = 0;
        foreach (Match word in WordPattern().Matches(text[start..end]))
        {
            var wordTokens = _counter.Count(word.Value);
            if (pieceStart >= 0 && pieceTokens + wordTokens > options.Tokens)
            {
                units.Add(new Unit(pieceStart, pieceEnd, pieceTokens));
                pieceStart = -1;
                pieceTokens = 0;
            }
            if (pieceStart < 0)
            {
                pieceStart = start + word.Index;
            }
            pieceEnd = start + word.Index + word.Length;
            pieceTokens += wordTokens;
        }
        if (pieceStart >= 0)
        {
            units.Add(new Unit(pieceStart, pieceEnd, pieceTokens));
        }
    }

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    private readonly record struct Unit(int Start, int End, int Tokens);
}
