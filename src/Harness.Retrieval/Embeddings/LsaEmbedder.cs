using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using Harness.Core.Numerics;
using Harness.Core.Text;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.Extensions.AI;

namespace Harness.Retrieval.Embeddings;

/// <summary>
/// Latent semantic analysis trained on the corpus: sublinear TF-IDF vectors (L2-normalised) projected
/// on the top singular vectors of the chunk × term matrix, then L2-normalised, so inner product is
/// cosine. The SVD is randomized (Halko, Martinsson &amp; Tropp 2011: Gaussian sketch, two power
/// iterations, CholeskyQR2, then the eigen-decomposition of a small Gram matrix), seeded, so training
/// is deterministic and takes seconds on thousands of chunks. The offline dense default: it needs no
/// model file.
/// </summary>
public sealed class LsaEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string Magic = "HLSA1";
    private const int Oversampling = 10;
    private const int PowerIterations = 2;

    private readonly Dictionary<string, int> _termIndex;
    private readonly string[] _terms;
    private readonly float[] _idf;
    private readonly float[] _projection; // terms × Dimension, row-major

    private LsaEmbedder(string[] terms, float[] idf, float[] projection, int dimension)
    {
        _terms = terms;
        _idf = idf;
        _projection = projection;
        Dimension = dimension;
        _termIndex = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++)
        {
            _termIndex[terms[i]] = i;
        }
        Metadata = new EmbeddingGeneratorMetadata("lsa", defaultModelId: ModelId, defaultModelDimensions: dimension);
    }

    public int Dimension { get; }

    public string ModelId => string.Create(CultureInfo.InvariantCulture, $"lsa-{Dimension}");

    public EmbeddingGeneratorMetadata Metadata { get; }

    public static LsaEmbedder Fit(IReadOnlyList<string> texts, LsaOptions options)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Dimension, 1);
        var documents = texts.Select(CountTerms).ToArray();
        var (terms, idf) = Vocabulary(documents, options.MaxVocabulary);
        if (terms.Length == 0)
        {
            throw new ArgumentException("the corpus has no terms to train an LSA embedder on");
        }
        var termIndex = terms.Select((term, i) => (term, i)).ToDictionary(p => p.term, p => p.i, StringComparer.Ordinal);
        var matrix = TfIdfMatrix(documents, termIndex, idf);
        var dimension = Math.Min(options.Dimension, Math.Min(matrix.Rows, matrix.Columns));
        var projection = RightSingularVectors(matrix, dimension, options.Seed);
        return new LsaEmbedder(terms, idf, projection, dimension);
    }

    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var weights = Weights(CountTerms(text), _termIndex, _idf);
        var vector = new float[Dimension];
        foreach (var (term, weight) in weights)
        {
            TensorPrimitives.MultiplyAdd(_projection.AsSpan(term * Dimension, Dimension), weight, vector, vector);
        }
        // A fixed-order norm: the vectors (and so rankings and retrieval scores) are the same on every machine.
        FixedOrder.Normalize(vector);
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            embeddings.Add(new Embedding<float>(Embed(value)) { ModelId = ModelId });
        }
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // Managed arrays only: nothing to release.
    }

    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path), Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(Dimension);
        writer.Write(_terms.Length);
        foreach (var term in _terms)
        {
            writer.Write(term);
        }
        foreach (var value in _idf)
        {
            writer.Write(value);
        }
        foreach (var value in _projection)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads a saved model; a damaged file throws <see cref="InvalidDataException"/>.</summary>
    public static LsaEmbedder Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"{path} is not an LSA model file");
            }
            var dimension = reader.ReadInt32();
            var termCount = reader.ReadInt32();
            var expectedBytes = (long)termCount * (1 + dimension) * sizeof(float);
            if (dimension < 1 || termCount < 1 || expectedBytes > reader.BaseStream.Length)
            {
                throw new InvalidDataException($"{path} has an impossible header (dimension {dimension}, {termCount} terms)");
            }
            var terms = new string[termCount];
            for (var i = 0; i < termCount; i++)
            {
                terms[i] = reader.ReadString();
            }
            var idf = ReadFloats(reader, termCount);
            var projection = ReadFloats(reader, termCount * dimension);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
            {
                throw new InvalidDataException($"{path} has trailing bytes");
            }
            return new LsaEmbedder(terms, idf, projection, dimension);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path} is truncated", e);
        }
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadSingle();
        }
        return values;
    }

    private static Dictionary<string, int> CountTerms(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in WordTokens.Of(text))
        {
            if (term.Length > 1 && !StopWords.IsTopicless(term))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }
        return counts;
    }

    private static (string[] Terms, float[] Idf) Vocabulary(Dictionary<string, int>[] documents, int maxVocabulary)
    {
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in documents.SelectMany(d => d.Keys))
        {
            documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        }
        // A term seen in one chunk cannot relate chunks to each other; keep such terms only in tiny corpora.
        var minimumFrequency = documents.Length >= 50 ? 2 : 1;
        var kept = documentFrequency
            .Where(p => p.Value >= minimumFrequency)
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(maxVocabulary)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();
        var idf = kept.Select(p => (float)(Math.Log((1.0 + documents.Length) / (1.0 + p.Value)) + 1.0)).ToArray();
        return (kept.Select(p => p.Key).ToArray(), idf);
    }

    // Sublinear term frequency × idf, L2-normalised; terms outside the vocabulary are dropped.
    private static List<(int Term, float Weight)> Weights(Dictionary<string, int> counts, Dictionary<string, int> termIndex, float[] idf)
    {
        var weights = new List<(int Term, float Weight)>(counts.Count);
        foreach (var (term, count) in counts)
        {
            if (termIndex.TryGetValue(term, out var index))
            {
                weights.Add((index, (float)(1 + Math.Log(count)) * idf[index]));
            }
        }
        weights.Sort((a, b) => a.Term.CompareTo(b.Term));
        var norm = MathF.Sqrt(weights.Sum(w => w.Weight * w.Weight));
        return norm > 0 ? weights.Select(w => (w.Term, w.Weight / norm)).ToList() : weights;
    }

    private static SparseMatrix TfIdfMatrix(Dictionary<string, int>[] documents, Dictionary<string, int> termIndex, float[] idf)
    {
        var rowStarts = new int[documents.Length + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (var row = 0; row < documents.Length; row++)
        {
            foreach (var (term, weight) in Weights(documents[row], termIndex, idf))
            {
                columns.Add(term);
                values.Add(weight);
            }
            rowStarts[row + 1] = columns.Count;
        }
        return new SparseMatrix(documents.Length, termIndex.Count, rowStarts, [.. columns], [.. values]);
    }

    /// <summary>The top <paramref name="k"/> right singular vectors of X (terms × k, row-major), by randomized SVD.</summary>
    internal static float[] RightSingularVectors(SparseMatrix x, int k, int seed)
    {
        var width = Math.Min(k + Oversampling, Math.Min(x.Rows, x.Columns));
        var random = new Random(seed);
        var omega = new DenseRows(x.Columns, width);
        for (var i = 0; i < omega.Data.Length; i++)
        {
            omega.Data[i] = Gaussian(random);
        }
        // Q: an orthonormal basis of X's dominant column space, sharpened by power iterations X Xᵀ Q.
        // Re-orthonormalising Q after each X (Xᵀ Q) keeps the sketches well conditioned.
        var q = x.Multiply(omega).Orthonormal();
        for (var i = 0; i < PowerIterations; i++)
        {
            q = x.Multiply(x.TransposeMultiply(q)).Orthonormal();
        }
        // Bᵀ = Xᵀ Q (terms × width). With B Bᵀ = U Λ Uᵀ, X's right singular vectors are V = Bᵀ U Λ^-1/2.
        var bt = x.TransposeMultiply(q);
        var evd = bt.Gram().Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var order = Enumerable.Range(0, width).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var largest = evd.EigenValues[order[0]].Real;
        var scale = Matrix<double>.Build.Dense(width, k, (row, j) =>
        {
            var lambda = evd.EigenValues[order[j]].Real;
            // A direction with no variance (rank below k) contributes nothing rather than noise.
            return lambda > 1e-12 * largest ? evd.EigenVectors[row, order[j]] / Math.Sqrt(lambda) : 0;
        });
        var vectors = bt.Multiply(scale);
        var projection = new float[x.Columns * k];
        for (var j = 0; j < k; j++)
        {
            // Singular vectors are defined up to sign; fix it so the largest entry is positive.
            var largestEntry = 0.0;
            for (var term = 0; term < x.Columns; term++)
            {
                var value = vectors.Data[term * k + j];
                largestEntry = Math.Abs(value) > Math.Abs(largestEntry) ? value : largestEntry;
            }
            var sign = largestEntry < 0 ? -1.0 : 1.0;
            for (var term = 0; term < x.Columns; term++)
            {
                projection[term * k + j] = (float)(sign * vectors.Data[term * k + j]);
            }
        }
        return projection;
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller; 1 - NextDouble() avoids log(0).
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }
}
