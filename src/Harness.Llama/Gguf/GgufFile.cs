using System.Text;

namespace Harness.Llama.Gguf;

/// <summary>
/// Reads and checks a GGUF file's header, metadata and tensor table in C#, before llama.cpp sees it:
/// llama.cpp aborts the process on some malformed input, and its errors do not name the file.
/// Scalar metadata values are kept; arrays keep their length only.
/// </summary>
internal sealed class GgufFile
{
    public const uint Magic = 0x46554747; // "GGUF" little-endian
    public const int HeaderSize = 24; // magic, version, tensor count, metadata count

    /// <summary>GGUF versions llama.cpp reads (version 1 was dropped upstream).</summary>
    public static readonly IReadOnlyList<uint> SupportedVersions = [2, 3];

    private GgufFile(uint version, IReadOnlyDictionary<string, object> metadata, long tensorCount, long parameterCount)
    {
        Version = version;
        Metadata = metadata;
        TensorCount = tensorCount;
        ParameterCount = parameterCount;
    }

    public uint Version { get; }

    public IReadOnlyDictionary<string, object> Metadata { get; }

    public long TensorCount { get; }

    /// <summary>Sum of all tensors' element counts.</summary>
    public long ParameterCount { get; }

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
        for (ulong i = 0; i < metadataCount; i++)
        {
            var key = ReadString(reader, length, path);
            var type = reader.ReadUInt32();
            metadata[key] = ReadValue(reader, type, length, path, key);
        }

        var tensors = new List<(string Name, long Elements, uint Type, ulong Offset)>((int)tensorCount);
        long parameters = 0;
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = ReadString(reader, length, path);
            var dimensions = reader.ReadUInt32();
            if (dimensions > 8)
            {
                throw new InvalidModelFileException(path, $"corrupt GGUF: tensor '{name}' has {dimensions} dimensions");
            }
            long elements = 1;
            for (var d = 0; d < dimensions; d++)
            {
                var extent = reader.ReadUInt64();
                if (extent > (ulong)long.MaxValue / (ulong)Math.Max(1, elements))
                {
                    throw new InvalidModelFileException(path, $"corrupt GGUF: tensor '{name}' has an impossible shape");
                }
                elements *= (long)extent;
            }
            var tensorType = reader.ReadUInt32();
            var offset = reader.ReadUInt64();
            tensors.Add((name, elements, tensorType, offset));
            parameters += elements;
        }

        var alignment = metadata.TryGetValue("general.alignment", out var a) && a is uint align && align > 0 ? align : 32u;
        var dataStart = (stream.Position + alignment - 1) / alignment * alignment;
        foreach (var (name, elements, tensorType, offset) in tensors)
        {
            var bytes = GgmlTypeSizes.ByteSize(tensorType, elements)
                ?? throw new InvalidModelFileException(path, $"tensor '{name}' has ggml type {tensorType}, which this llama.cpp build does not know");
            if (offset > (ulong)length || dataStart + (long)offset + bytes > length)
            {
                throw new InvalidModelFileException(path,
                    $"truncated GGUF: tensor '{name}' needs bytes up to {dataStart + (long)offset + bytes} but the file has {length} - the download is incomplete; fetch it again");
            }
        }
        return new GgufFile(version, metadata, (long)tensorCount, parameters);
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
