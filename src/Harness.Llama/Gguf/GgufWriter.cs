using System.Buffers.Binary;
using System.Text;

namespace Harness.Llama.Gguf;

/// <summary>Fills a tensor's data: exactly the bytes its type and shape take, zeroed beforehand.</summary>
public delegate void TensorData(Span<byte> data);

/// <summary>
/// Writes a GGUF file (version 3, little-endian, as llama.cpp's gguf.cpp reads it): the header, the
/// metadata entries in the order added, the tensor table, then each tensor's data at its offset, every
/// offset a multiple of the alignment. Tensor data is produced one tensor at a time, so a model larger
/// than memory can be written.
/// </summary>
public sealed class GgufWriter(uint alignment = GgufWriter.DefaultAlignment)
{
    /// <summary>GGUF's alignment when general.alignment is absent.</summary>
    public const uint DefaultAlignment = 32;

    private const uint Version = 3;
    private const uint StringType = 8;
    private const uint UInt32Type = 4;
    private const uint Float32Type = 6;

    private readonly List<byte[]> _entries = [];
    private readonly List<(string Name, long[] Shape, uint Type, long Bytes, TensorData Fill)> _tensors = [];

    public uint Alignment { get; } = alignment > 0 ? alignment : throw new ArgumentOutOfRangeException(nameof(alignment), "the alignment must be positive");

    public GgufWriter String(string key, string value) => Entry(key, StringType, EncodeString(value));

    public GgufWriter UInt32(string key, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return Entry(key, UInt32Type, bytes);
    }

    public GgufWriter Float32(string key, float value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        return Entry(key, Float32Type, bytes);
    }

    /// <summary>An entry as another GGUF file holds it: key, value type and value, byte for byte.</summary>
    internal GgufWriter EncodedEntry(byte[] encoded)
    {
        _entries.Add(encoded);
        return this;
    }

    /// <summary>A tensor of ggml type <paramref name="type"/>; <paramref name="shape"/> lists ggml's ne[0], ne[1], … (innermost first).</summary>
    public GgufWriter Tensor(string name, uint type, IReadOnlyList<long> shape, TensorData fill)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var elements = shape.Aggregate(1L, (product, extent) => product * extent);
        var bytes = GgmlTypeSizes.ByteSize(type, elements)
            ?? throw new ArgumentException($"tensor '{name}': ggml type {type} is unknown", nameof(type));
        if (shape.Count == 0 || shape.Any(extent => extent <= 0) || GgmlTypeSizes.ByteSize(type, shape[0]) * (elements / shape[0]) != bytes)
        {
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] does not hold whole blocks of ggml type {type} in each row", nameof(shape));
        }
        _tensors.Add((name, [.. shape], type, bytes, fill));
        return this;
    }

    public void Write(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(GgufFile.Magic);
        writer.Write(Version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_entries.Count);
        foreach (var entry in _entries)
        {
            writer.Write(entry);
        }
        long offset = 0;
        foreach (var (name, shape, type, bytes, _) in _tensors)
        {
            writer.Write(EncodeString(name));
            writer.Write((uint)shape.Length);
            foreach (var extent in shape)
            {
                writer.Write((ulong)extent);
            }
            writer.Write(type);
            writer.Write((ulong)offset);
            offset = Aligned(offset + bytes);
        }
        Pad(writer, Aligned(stream.Position) - stream.Position);
        var buffer = new byte[_tensors.Count == 0 ? 0 : _tensors.Max(t => t.Bytes)];
        foreach (var (_, _, _, bytes, fill) in _tensors)
        {
            var data = buffer.AsSpan(0, (int)bytes);
            data.Clear();
            fill(data);
            writer.Write(data);
            Pad(writer, Aligned(bytes) - bytes);
        }
    }

    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Write(stream);
    }

    private GgufWriter Entry(string key, uint type, byte[] value)
    {
        var typeBytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(typeBytes, type);
        _entries.Add([.. EncodeString(key), .. typeBytes, .. value]);
        return this;
    }

    private long Aligned(long position) => (position + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer, long count)
    {
        for (var i = 0; i < count; i++)
        {
            writer.Write((byte)0);
        }
    }

    private static byte[] EncodeString(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var encoded = new byte[8 + bytes.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(encoded, (ulong)bytes.Length);
        bytes.CopyTo(encoded, 8);
        return encoded;
    }
}
