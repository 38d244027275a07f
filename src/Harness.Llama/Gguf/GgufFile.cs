using System.Text;

namespace Harness.Llama.Gguf;

/// <summary>
/// Reads and checks a GGUF file's header, metadata and tensor table in C#, before llama.cpp sees it:
/// llama.cpp aborts the process on some malformed input, and its errors do not name the file.
/// Scalar metadata values are kept; arrays keep their length only. Where each entry and tensor lies in the
/// file is kept too, so a copy (<see cref="SyntheticModels"/>) can take entries and tensor data byte for byte.
/// </summary>
internal sealed class GgufFile
{
    public const uint Magic = 0x46554747; // "GGUF" little-endian
    public const int HeaderSize = 24; // magic, version, tensor count, metadata count

    /// <summary>GGUF versions llama.cpp reads (version 1 was dropped upstream).</summary>
    public static readonly IReadOnlyList<uint> SupportedVersions = [2, 3];

    private GgufFile(uint version, IReadOnlyDictionary<string, object> metadata, IReadOnlyList<GgufEntry> entries, IReadOnlyList<GgufTensor> tensors, uint alignment)
    {
        Version = version;
        Metadata = metadata;
        Entries = entries;
        Tensors = tensors;
        Alignment = alignment;
    }

    public uint Version { get; }

    public IReadOnlyDictionary<string, object> Metadata { get; }

    /// <summary>The metadata entries in file order, each with where its bytes lie.</summary>
    public IReadOnlyList<GgufEntry> Entries { get; }

    /// <summary>The tensor table in file order.</summary>
    public IReadOnlyList<GgufTensor> Tensors { get; }

    /// <summary>The alignment of the tensor data: general.alignment, else GGUF's default.</summary>
    public uint Alignment { get; }

    /// <summary>Sum of all tensors' element counts.</summary>
    public long ParameterCount => Tensors.Sum(t => t.Elements);

    public string? GetString(string key) => Metadata.TryGetValue(key, out var value) ? value as string : null;

    /// <summary>Reads <paramref name="path"/>; throws <see cref="ModelLoadException"/> subclasses naming the path.</summary>
    public static GgufFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileNotFoundException(path, "file not found - check the path, or run native/bootstrap.sh to fetch the models the cards name");
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Read(stream, path);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidModelFileException(path, "truncated GGUF: the file ends inside its metadata - the download is incomplete; fetch it again", e);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new ModelLoadException(path, $"cannot read the file: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ModelLoadException(path, $"cannot read the file: {e.Message}", e);
        }
    }

    private static GgufFile Read(FileStream stream, string path)
    {
        var length = stream.Length;
        if (length < HeaderSize)
        {
            throw new InvalidModelFileException(path, $"not a GGUF model: the file has {length} bytes, fewer than a GGUF header ({HeaderSize})");
        }
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var magic = reader.ReadUInt32();
        if (magic != Magic)
        {
            throw new InvalidModelFileException(path, "not a GGUF model: the file does not start with the magic 'GGUF'");
        }
        var version = reader.ReadUInt32();
        if (!SupportedVersions.Contains(version))
        {
            throw new InvalidModelFileException(path,
                $"GGUF version {version} is not supported (llama.cpp reads versions {string.Join(" and ", SupportedVersions)}) - convert the model with a current llama.cpp");
        }
        var tensorCount = reader.ReadUInt64();
        var metadataCount = reader.ReadUInt64();
        // Every entry takes at least a few bytes, so counts beyond the file size mean corruption
        // (and would otherwise drive huge allocations).
        if (tensorCount > (ulong)length || metadataCount > (ulong)length)
        {
            throw new InvalidModelFileException(path, $"corrupt GGUF header: {tensorCount} tensors and {metadataCount} metadata entries cannot fit in {length} bytes");
        }

        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        var entries = new List<GgufEntry>();
        for (ulong i = 0; i < metadataCount; i++)
        {
            var start = stream.Position;
            var key = ReadString(reader, length, path);
            var type = reader.ReadUInt32();
            metadata[key] = ReadValue(reader, type, length, path, key);
            entries.Add(new GgufEntry(key, start, stream.Position - start));
        }

        var table = new List<(string Name, long[] Shape, uint Type, ulong Offset)>((int)tensorCount);
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = ReadString(reader, length, path);
            var dimensions = reader.ReadUInt32();
            if (dimensions > 8)
            {
                throw new InvalidModelFileException(path, $"corrupt GGUF: tensor '{name}' has {dimensions} dimensions");
            }
            var shape = new long[dimensions];
            long elements = 1;
            for (var d = 0; d < dimensions; d++)
            {
                var extent = reader.ReadUInt64();
                if (extent > (ulong)long.MaxValue / (ulong)Math.Max(1, elements))
                {
                    throw new InvalidModelFileException(path, $"corrupt GGUF: tensor '{name}' has an impossible shape");
                }
                shape[d] = (long)extent;
                elements *= (long)extent;
            }
            var tensorType = reader.ReadUInt32();
            var offset = reader.ReadUInt64();
            table.Add((name, shape, tensorType, offset));
        }

        var alignment = metadata.TryGetValue("general.alignment", out var a) && a is uint align && align > 0 ? align : GgufWriter.DefaultAlignment;
        var dataStart = (stream.Position + alignment - 1) / alignment * alignment;
        var tensors = new List<GgufTensor>(table.Count);
        foreach (var (name, shape, tensorType, offset) in table)
        {
            var bytes = GgmlTypeSizes.ByteSize(tensorType, shape.Aggregate(1L, (product, extent) => product * extent))
                ?? throw new InvalidModelFileException(path, $"tensor '{name}' has ggml type {tensorType}, which this llama.cpp build does not know");
            if (offset > (ulong)length || dataStart + (long)offset + bytes > length)
            {
                throw new InvalidModelFileException(path,
                    $"truncated GGUF: tensor '{name}' needs bytes up to {dataStart + (long)offset + bytes} but the file has {length} - the download is incomplete; fetch it again");
            }
            tensors.Add(new GgufTensor(name, shape, tensorType, dataStart + (long)offset, bytes));
        }
        return new GgufFile(version, metadata, entries, tensors, alignment);
    }

    private static string ReadString(BinaryReader reader, long fileLength, string path)
    {
        var byteCount = reader.ReadUInt64();
        if (byteCount > (ulong)(fileLength - reader.BaseStream.Position))
        {
            throw new EndOfStreamException();
        }
        return Encoding.UTF8.GetString(reader.ReadBytes((int)byteCount));
    }

    private static object ReadValue(BinaryReader reader, uint type, long fileLength, string path, string key) => type switch
    {
        0 => reader.ReadByte(),
        1 => reader.ReadSByte(),
        2 => reader.ReadUInt16(),
        3 => reader.ReadInt16(),
        4 => reader.ReadUInt32(),
        5 => reader.ReadInt32(),
        6 => reader.ReadSingle(),
        7 => reader.ReadByte() != 0,
        8 => ReadString(reader, fileLength, path),
        9 => SkipArray(reader, fileLength, path, key),
        10 => reader.ReadUInt64(),
        11 => reader.ReadInt64(),
        12 => reader.ReadDouble(),
        _ => throw new InvalidModelFileException(path, $"corrupt GGUF: metadata '{key}' has unknown value type {type}"),
    };

    /// <summary>Skips an array's elements and returns its length (all the harness needs, e.g. the vocabulary size).</summary>
    private static GgufArray SkipArray(BinaryReader reader, long fileLength, string path, string key)
    {
        var elementType = reader.ReadUInt32();
        var count = reader.ReadUInt64();
        if (count > (ulong)fileLength)
        {
            throw new InvalidModelFileException(path, $"corrupt GGUF: metadata array '{key}' claims {count} elements");
        }
        var fixedSize = elementType switch
        {
            0 or 1 or 7 => 1,
            2 or 3 => 2,
            4 or 5 or 6 => 4,
            10 or 11 or 12 => 8,
            _ => 0,
        };
        if (fixedSize > 0)
        {
            var bytes = (long)count * fixedSize;
            if (bytes > fileLength - reader.BaseStream.Position)
            {
                throw new EndOfStreamException();
            }
            reader.BaseStream.Seek(bytes, SeekOrigin.Current);
        }
        else if (elementType == 8)
        {
            for (ulong i = 0; i < count; i++)
            {
                var byteCount = reader.ReadUInt64();
                if (byteCount > (ulong)(fileLength - reader.BaseStream.Position))
                {
                    throw new EndOfStreamException();
                }
                reader.BaseStream.Seek((long)byteCount, SeekOrigin.Current);
            }
        }
        else
        {
            // Nested arrays are legal GGUF but no model metadata the harness reads uses them.
            for (ulong i = 0; i < count; i++)
            {
                ReadValue(reader, elementType, fileLength, path, key);
            }
        }
        return new GgufArray(elementType, (long)count);
    }
}

/// <summary>A metadata array, kept as its element type and length.</summary>
internal sealed record GgufArray(uint ElementType, long Length);

/// <summary>A metadata entry: its key, and the file offset and length of its bytes (key, value type, value).</summary>
internal sealed record GgufEntry(string Key, long Start, long Length);

/// <summary>A tensor: its name, ggml shape (ne[0] first), ggml type, and the file offset and length of its data.</summary>
internal sealed record GgufTensor(string Name, IReadOnlyList<long> Shape, uint Type, long DataStart, long ByteSize)
{
    public long Elements => Shape.Aggregate(1L, (product, extent) => product * extent);
}
