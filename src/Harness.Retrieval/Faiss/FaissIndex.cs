using System.Globalization;

namespace Harness.Retrieval.Faiss;

/// <summary>
/// A FAISS index made from an index-factory string ("Flat", "IVF64,Flat", "HNSW32", "PQ16", …).
/// Vectors are passed row-major: n rows of <see cref="Dimension"/> floats. Native failures become
/// <see cref="FaissException"/>s carrying FAISS's message.
/// </summary>
public sealed class FaissIndex : IDisposable
{
    private readonly FaissIndexHandle _handle;

    private FaissIndex(FaissIndexHandle handle)
    {
        _handle = handle;
        Check(NativeMethods.Dimension(_handle, out var dimension), "reading the index dimension");
        Check(NativeMethods.Metric(_handle, out var metric), "reading the index metric");
        Dimension = dimension;
        Metric = (FaissMetric)metric;
    }

    public int Dimension { get; }

    public FaissMetric Metric { get; }

    public long Count
    {
        get
        {
            Check(NativeMethods.Count(_handle, out var count), "counting the index's vectors");
            return count;
        }
    }

    public bool IsTrained
    {
        get
        {
            Check(NativeMethods.IsTrained(_handle, out var trained), "asking whether the index is trained");
            return trained != 0;
        }
    }

    public static FaissIndex Create(string factory, int dimension, FaissMetric metric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(factory);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown metric");
        }
        FaissLibrary.EnsureResolvable();
        var status = NativeMethods.Create(factory, dimension, (int)metric, out var handle);
        Check(status, handle, $"creating index '{factory}' (dimension {dimension}, {metric})");
        return new FaissIndex(handle);
    }

    public static FaissIndex Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("no FAISS index file", path);
        }
        FaissLibrary.EnsureResolvable();
        var status = NativeMethods.Read(path, out var handle);
        Check(status, handle, $"reading index file {path}");
        return new FaissIndex(handle);
    }

    /// <summary>Trains the index's quantizers (IVF, PQ) on sample vectors; a no-op need for Flat and HNSW.</summary>
    public void Train(ReadOnlySpan<float> vectors) =>
        Check(NativeMethods.Train(_handle, Rows(vectors), vectors), "training the index");

    public void Add(ReadOnlySpan<float> vectors) =>
        Check(NativeMethods.Add(_handle, Rows(vectors), vectors), "adding vectors");

    /// <summary>Search-time settings in FAISS's syntax, e.g. "nprobe=16" (IVF) or "efSearch=64" (HNSW).</summary>
    public void SetParameters(string parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters);
        Check(NativeMethods.SetParameters(_handle, parameters), $"setting '{parameters}'");
    }

    /// <summary>The k nearest vectors of each query; ids are -1 where fewer than k exist.</summary>
    public FaissSearchResult Search(ReadOnlySpan<float> queries, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var rows = Rows(queries);
        var distances = new float[rows * k];
        var labels = new long[rows * k];
        Check(NativeMethods.Search(_handle, rows, queries, k, distances, labels), "searching");
        return new FaissSearchResult((int)rows, k, labels, distances);
    }

    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Check(NativeMethods.Write(_handle, path), $"writing index file {path}");
    }

    public void Dispose() => _handle.Dispose();

    private long Rows(ReadOnlySpan<float> vectors)
    {
        if (vectors.Length % Dimension != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{vectors.Length} floats are not whole vectors of dimension {Dimension}"), nameof(vectors));
        }
        return vectors.Length / Dimension;
    }

    private static void Check(int status, FaissIndexHandle handle, string action)
    {
        if (status != 0 || handle.IsInvalid)
        {
            var message = NativeMethods.LastError();
            handle.Dispose();
            throw new FaissException($"FAISS failed {action}: {(message.Length > 0 ? message : "no index was returned")}");
        }
    }

    private static void Check(int status, string action)
    {
        if (status != 0)
        {
            throw new FaissException($"FAISS failed {action}: {NativeMethods.LastError()}");
        }
    }
}

/// <summary>Search results, row-major: query i's j-th neighbour is at i * K + j.</summary>
public sealed record FaissSearchResult(int Queries, int K, long[] Labels, float[] Distances);
