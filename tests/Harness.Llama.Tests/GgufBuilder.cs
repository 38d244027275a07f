using System.Text;

namespace Harness.Llama.Tests;

/// <summary>Writes minimal GGUF files for tests: string and float metadata, F32 tensors of any shape (zeros).</summary>
internal sealed class GgufBuilder(uint version)
{
    private readonly List<(string Key, uint Type, byte[] Value)> _metadata = [];
    private readonly List<(string Name, long[] Shape)> _tensors = [];

    /// <summary>
    /// A rank-8 LoRA adapter for a llama model whose embeddings have 128 values: its attn_q pair is
    /// 128 × 8 and 8 × 128, where stories260K's attn_q weight is 64 × 64.
    /// </summary>
    public static byte[] LoraForAnotherBase() => new GgufBuilder(3)
        .String("general.architecture", "llama")
        .String("general.type", "adapter")
        .String("adapter.type", "lora")
        .Float("adapter.lora.alpha", 8f)
        .Tensor("blk.0.attn_q.weight.lora_a", 128, 8)
        .Tensor("blk.0.attn_q.weight.lora_b", 8, 128)
        .Build();

    public GgufBuilder String(string key, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        _metadata.Add((key, 8u, [.. BitConverter.GetBytes((ulong)bytes.Length), .. bytes]));
        return this;
    }

    public GgufBuilder Float(string key, float value)
    {
        _metadata.Add((key, 6u, BitConverter.GetBytes(value)));
        return this;
    }

    /// <summary>An F32 tensor; <paramref name="shape"/> lists ggml's ne[0], ne[1], … (innermost first).</summary>
    public GgufBuilder Tensor(string name, params long[] shape)
    {
        _tensors.Add((name, shape));
        return this;
    }

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Encoding.ASCII.GetBytes("GGUF"));
        writer.Write(version);
        writer.Write((ulong)_tensors.Count);
        writer.Write((ulong)_metadata.Count);
        foreach (var (key, type, value) in _metadata)
        {
            WriteString(writer, key);
            writer.Write(type);
            writer.Write(value);
        }
        ulong offset = 0;
        foreach (var (name, shape) in _tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)shape.Length);
            foreach (var extent in shape)
            {
                writer.Write((ulong)extent);
            }
            writer.Write(0u); // F32
            writer.Write(offset);
            // Tensor data is aligned to 32 bytes (GGUF's default alignment).
            offset += ((ulong)shape.Aggregate(1L, (a, b) => a * b) * 4 + 31) / 32 * 32;
        }
        while (stream.Position % 32 != 0)
        {
            writer.Write((byte)0);
        }
        writer.Write(new byte[offset]);
        writer.Flush();
        return stream.ToArray();
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
