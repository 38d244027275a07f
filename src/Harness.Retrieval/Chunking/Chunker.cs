using System.Globalization;
using System.Text.RegularExpressions;
using Harness.Core.Data;
using Harness.Core.Suites;
using Harness.Core.Text;

namespace Harness.Retrieval.Chunking;

/// <summary>
/// Cuts a corpus into passages (ids "&lt;docId&gt;#c&lt;n&gt;"). It packs whole sentences
/// (<see cref="SentenceSplitter"/>) into windows of at most <see cref="ChunkDefinition.Size"/> words or
/// tokens, cutting a longer sentence at word boundaries, and starts each window with the previous
/// window's last sentences worth at most <see cref="ChunkDefinition.Overlap"/>. Every chunk is a contiguous span of its document, so
/// it can be matched against gold evidence spans by overlap. Token counts are summed over sentences,
/// which for subword tokenizers can differ from the count of the joined text by a token or two.
/// </summary>
public sealed partial class Chunker
{
    private readonly ChunkDefinition? _chunk;
    private readonly ITokenCounter _counter;

    /// <param name="chunk">The windows to cut; null keeps the dataset's own passages.</param>
    /// <param name="tokenCounter">The generator's tokenizer, which counts <see cref="ChunkUnit.Tokens"/> (words are always counted by <see cref="WordTokenCounter"/>).</param>
    public Chunker(ChunkDefinition? chunk, ITokenCounter? tokenCounter = null)
    {
        chunk?.Validate();
        _chunk = chunk;
        _counter = chunk?.Unit != ChunkUnit.Tokens
            ? WordTokenCounter.Instance
            : tokenCounter ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"chunk: {{ tokens: {chunk.Size} }} counts the generator's tokens, and there is no generator model to count them with - name one (models: generator) or count words (chunk: {{ words: {chunk.Size} }})"));
    }

    /// <summary>The cache-key description of this chunker's output, with the tokenizer that counts.</summary>
    public string Description => _chunk is null
        ? "passages"
        : string.Create(CultureInfo.InvariantCulture, $"{_chunk.UnitName}={_chunk.Size},overlap={_chunk.Overlap},tokenizer={_counter.Name}");

    public IReadOnlyList<Passage> Chunk(Corpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (_chunk is null)
        {
            return corpus.Passages.Count > 0
                ? corpus.Passages
                : throw new ArgumentException("the dataset has no passages of its own - cut chunks (chunk: { words: 200, overlap: 40 })");
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
        var chunk = _chunk ?? throw new InvalidOperationException("a chunker of the dataset's passages cuts no documents");
        var units = Units(document.Text, chunk.Size);
        var number = 0;
        var first = 0;
        while (first < units.Count)
        {
            var last = first;
            var tokens = units[first].Tokens;
            while (last + 1 < units.Count && tokens + units[last + 1].Tokens <= chunk.Size)
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
            while (next - 1 > first && repeated + units[next - 1].Tokens <= chunk.Overlap)
            {
                next--;
                repeated += units[next].Tokens;
            }
            first = next;
        }
    }

    private List<Unit> Units(string text, int size)
    {
        var units = new List<Unit>();
        foreach (var (start, end) in SentenceSplitter.Spans(text))
        {
            var tokens = _counter.Count(text[start..end]);
            if (tokens <= size)
            {
                units.Add(new Unit(start, end, tokens));
            }
            else
            {
                SplitLongSentence(text, start, end, size, units);
            }
        }
        return units;
    }

    // A sentence longer than a chunk becomes pieces of whole words, each within the token budget.
    private void SplitLongSentence(string text, int start, int end, int size, List<Unit> units)
    {
        var pieceStart = -1;
        var pieceEnd = 0;
        var pieceTokens = 0;
        foreach (Match word in WordPattern().Matches(text[start..end]))
        {
            var wordTokens = _counter.Count(word.Value);
            if (pieceStart >= 0 && pieceTokens + wordTokens > size)
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
