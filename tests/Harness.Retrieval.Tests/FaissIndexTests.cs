using System.Numerics.Tensors;
using Harness.Retrieval.Faiss;
using NUnit.Framework;

namespace Harness.Retrieval.Tests;

public sealed class FaissIndexTests
{
    private const int Dimension = 16;

    [TestCase(FaissMetric.InnerProduct)]
    [TestCase(FaissMetric.L2)]
    public void FlatTopTenEqualsAnExactBruteForceSearch(FaissMetric metric)
    {
        var vectors = RandomVectors(500, seed: 1);
        var queries = RandomVectors(20, seed: 2);
        using var index = FaissIndex.Create("Flat", Dimension, metric);
        index.Add(vectors);

        var result = index.Search(queries, 10);

        for (var q = 0; q < 20; q++)
        {
            var query = queries.AsSpan(q * Dimension, Dimension).ToArray();
            var expected = Enumerable.Range(0, 500)
                .Select(i => (Id: (long)i, Score: Score(metric, query, vectors.AsSpan(i * Dimension, Dimension))))
                .OrderBy(p => metric == FaissMetric.L2 ? p.Score : -p.Score)
                .Take(10)
                .ToArray();
            Assert.That(result.Labels.Skip(q * 10).Take(10), Is.EqualTo(expected.Select(e => e.Id)), $"ids of query {q}");
            Assert.That(result.Distances.Skip(q * 10).Take(10), Is.EqualTo(expected.Select(e => e.Score)).Within(1e-4), $"scores of query {q}");
        }
    }

    [TestCase("IVF8,Flat", "nprobe=8")]
    [TestCase("HNSW32", "efSearch=64")]
    [TestCase("PQ4", null)]
    public void ApproximateIndexesFindEachStoredVectorAsItsOwnNearestNeighbour(string factory, string? parameters)
    {
        var vectors = RandomVectors(1000, seed: 3);
        using var index = FaissIndex.Create(factory, Dimension, FaissMetric.L2);
        if (!index.IsTrained)
        {
            index.Train(vectors);
        }
        index.Add(vectors);
        if (parameters is not null)
        {
            index.SetParameters(parameters);
        }

        var result = index.Search(vectors.AsSpan(0, 50 * Dimension), 5);

        var found = Enumerable.Range(0, 50).Count(q => result.Labels.Skip(q * 5).Take(5).Contains(q));
        Assert.That(index.Count, Is.EqualTo(1000));
        Assert.That(found, Is.GreaterThanOrEqualTo(45), $"{factory} found {found} of 50 stored vectors");
    }

    [Test]
    public void AnIndexWrittenToDiskReadsBackWithTheSameResults()
    {
        var vectors = RandomVectors(100, seed: 4);
        var path = Path.Combine(Path.GetTempPath(), $"faiss-{Guid.NewGuid():N}.index");
        try
        {
            using var index = FaissIndex.Create("Flat", Dimension, FaissMetric.InnerProduct);
            index.Add(vectors);
            index.Write(path);

            using var read = FaissIndex.Read(path);

            Assert.That(read.Count, Is.EqualTo(100));
            Assert.That(read.Dimension, Is.EqualTo(Dimension));
            Assert.That(read.Metric, Is.EqualTo(FaissMetric.InnerProduct));
            Assert.That(read.Search(vectors.AsSpan(0, Dimension), 3).Labels, Is.EqualTo(index.Search(vectors.AsSpan(0, Dimension), 3).Labels));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AnUnknownFactoryStringFailsWithFaissOwnMessage()
    {
        var error = Assert.Throws<FaissException>(() => FaissIndex.Create("NoSuchIndex42", Dimension, FaissMetric.L2));

        Assert.That(error!.Message, Does.Contain("NoSuchIndex42"));
    }

    [Test]
    public void ATruncatedIndexFileFailsToReadWithAnExceptionNotACrash()
    {
        var path = Path.Combine(Path.GetTempPath(), $"faiss-{Guid.NewGuid():N}.index");
        try
        {
            using (var index = FaissIndex.Create("Flat", Dimension, FaissMetric.L2))
            {
                index.Add(RandomVectors(100, seed: 5));
                index.Write(path);
            }
            using (var stream = new FileStream(path, FileMode.Open))
            {
                stream.SetLength(stream.Length / 2);
            }

            Assert.Throws<FaissException>(() => FaissIndex.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void VectorsThatAreNotWholeRowsAreRejectedBeforeTheNativeCall()
    {
        using var index = FaissIndex.Create("Flat", Dimension, FaissMetric.L2);

        Assert.Throws<ArgumentException>(() => index.Add(new float[Dimension + 1]));
    }

    private static float Score(FaissMetric metric, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (metric == FaissMetric.InnerProduct)
        {
            return TensorPrimitives.Dot(a, b);
        }
        var distance = TensorPrimitives.Distance(a, b);
        return distance * distance;
    }

    internal static float[] RandomVectors(int count, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count * Dimension];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return vectors;
    }
}
