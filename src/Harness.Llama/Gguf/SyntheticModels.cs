using System.Buffers.Binary;

namespace Harness.Llama.Gguf;

/// <summary>The weight types <see cref="SyntheticModels.WriteRandomLlama"/> writes, by llama.cpp's names; the value is the ggml type.</summary>
public enum SyntheticWeightType : uint
{
    F32 = 0,
    Q8_0 = 8,
}

/// <summary>
/// Model files the harness makes itself rather than fetches. Each is a function of its inputs alone: integer
/// arithmetic and exact conversions only, so the same inputs give the same bytes (and sha256) on every machine.
/// </summary>
public static class SyntheticModels
{
    /// <summary>
    /// Every random weight is q × 2⁻¹³ with q drawn uniformly from −127…127 (so within ±0.0155: activations stay
    /// finite through many layers), exact in F32 and exactly a Q8_0 block's d × q with d = 2⁻¹³.
    /// </summary>
    private const float WeightStep = 1f / 8192;

    /// <summary>2⁻¹³ as an IEEE half (exponent 2 of bias 15, no mantissa): every Q8_0 block's scale d.</summary>
    private const ushort WeightStepHalf = 0x0800;

    private const int Q8BlockValues = 32;
    private const int Q8BlockBytes = 34;

    /// <summary>
    /// Writes a llama model of <paramref name="shape"/> with random weights from <paramref name="seed"/> and the
    /// vocabulary and tokenizer (every <c>tokenizer.*</c> entry) of the GGUF at <paramref name="tokenizerSource"/>.
    /// Its text is noise: it runs the kernels a trained model of that shape and type runs, for speed, memory and
    /// shape checks only. Norm weights are 1 and F32; the matrices are of <paramref name="type"/>.
    /// </summary>
    public static void WriteRandomLlama(string destination, string name, LlamaShape shape, SyntheticWeightType type, ulong seed, string tokenizerSource)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Check();
        if (type == SyntheticWeightType.Q8_0 && (shape.EmbeddingLength % Q8BlockValues != 0 || shape.FeedForwardLength % Q8BlockValues != 0))
        {
            throw new ArgumentException(
                $"Q8_0 rows are whole blocks of {Q8BlockValues} values: embedding_length {shape.EmbeddingLength} and feed_forward_length {shape.FeedForwardLength} must be multiples of {Q8BlockValues}");
        }
        var tokenizer = GgufFile.Read(tokenizerSource);
        var vocabulary = tokenizer.Metadata.GetValueOrDefault("tokenizer.ggml.tokens") as GgufArray
            ?? throw new InvalidModelFileException(tokenizerSource, "has no tokenizer.ggml.tokens - take the tokenizer from a llama.cpp model");
        var writer = new GgufWriter()
            .String("general.architecture", "llama")
            .String("general.name", name)
            .String("general.description", $"random weights (seed {seed}) for speed, memory and shape checks only - its text is noise")
            .UInt32("general.file_type", type == SyntheticWeightType.Q8_0 ? 7u : 0u) // llama_ftype: ALL_F32 0, MOSTLY_Q8_0 7
            .UInt32("general.alignment", GgufWriter.DefaultAlignment)
            .UInt32("llama.context_length", (uint)shape.ContextLength)
            .UInt32("llama.embedding_length", (uint)shape.EmbeddingLength)
            .UInt32("llama.block_count", (uint)shape.BlockCount)
            .UInt32("llama.feed_forward_length", (uint)shape.FeedForwardLength)
            .UInt32("llama.rope.dimension_count", (uint)shape.HeadSize)
            .UInt32("llama.attention.head_count", (uint)shape.HeadCount)
            .UInt32("llama.attention.head_count_kv", (uint)shape.HeadCountKv)
            .Float32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        using (var source = File.OpenRead(tokenizerSource))
        {
            foreach (var entry in tokenizer.Entries.Where(e => e.Key.StartsWith("tokenizer.", StringComparison.Ordinal)))
            {
                writer.EncodedEntry(ReadAt(source, entry.Start, (int)entry.Length));
            }
        }

        // One stream of draws across the tensors in file order (llama.cpp's convert script's order).
        var random = new SplitMix64(seed);
        long embedding = shape.EmbeddingLength, feedForward = shape.FeedForwardLength, keyValue = (long)shape.HeadSize * shape.HeadCountKv;
        void Matrix(string tensor, long columns, long rows) =>
            writer.Tensor(tensor, (uint)type, [columns, rows], data => FillRandom(data, type, random));
        void Norm(string tensor) =>
            writer.Tensor(tensor, (uint)SyntheticWeightType.F32, [embedding], FillOnes);

        Matrix("token_embd.weight", embedding, vocabulary.Length);
        Norm("output_norm.weight");
        Matrix("output.weight", embedding, vocabulary.Length);
        for (var block = 0; block < shape.BlockCount; block++)
        {
            var prefix = $"blk.{block}.";
            Matrix(prefix + "attn_q.weight", embedding, embedding);
            Matrix(prefix + "attn_k.weight", embedding, keyValue);
            Matrix(prefix + "attn_v.weight", embedding, keyValue);
            Matrix(prefix + "attn_output.weight", embedding, embedding);
            Norm(prefix + "attn_norm.weight");
            Matrix(prefix + "ffn_gate.weight", embedding, feedForward);
            Matrix(prefix + "ffn_down.weight", feedForward, embedding);
            Matrix(prefix + "ffn_up.weight", embedding, feedForward);
            Norm(prefix + "ffn_norm.weight");
        }
        writer.Write(destination);
    }

    /// <summary>
    /// Writes a copy of the GGUF at <paramref name="source"/> whose <c>tokenizer.chat_template</c> is
    /// <paramref name="chatTemplate"/>: every other metadata entry and every tensor byte for byte.
    /// </summary>
    public static void WriteWithChatTemplate(string destination, string source, string chatTemplate)
    {
        const string TemplateKey = "tokenizer.chat_template";
        var gguf = GgufFile.Read(source);
        var writer = new GgufWriter(gguf.Alignment);
        using var file = File.OpenRead(source);
        foreach (var entry in gguf.Entries.Where(e => e.Key != TemplateKey))
        {
            writer.EncodedEntry(ReadAt(file, entry.Start, (int)entry.Length));
        }
        writer.String(TemplateKey, chatTemplate);
        foreach (var tensor in gguf.Tensors)
        {
            writer.Tensor(tensor.Name, tensor.Type, tensor.Shape, data =>
            {
                file.Position = tensor.DataStart;
                file.ReadExactly(data);
            });
        }
        writer.Write(destination);
    }

    private static void FillRandom(Span<byte> data, SyntheticWeightType type, SplitMix64 random)
    {
        if (type == SyntheticWeightType.F32)
        {
            for (var i = 0; i < data.Length; i += 4)
            {
                BinaryPrimitives.WriteSingleLittleEndian(data[i..], random.NextWeight() * WeightStep);
            }
            return;
        }
        for (var block = 0; block < data.Length; block += Q8BlockBytes)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data[block..], WeightStepHalf);
            for (var i = 0; i < Q8BlockValues; i++)
            {
                data[block + 2 + i] = unchecked((byte)(sbyte)random.NextWeight());
            }
        }
    }

    private static void FillOnes(Span<byte> data)
    {
        for (var i = 0; i < data.Length; i += 4)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data[i..], 1f);
        }
    }

    private static byte[] ReadAt(FileStream file, long start, int length)
    {
        var bytes = new byte[length];
        file.Position = start;
        file.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood 2014): 64-bit integer steps only, so every machine draws the same numbers.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        /// <summary>A weight's q, uniform in −127…127 (the remainder's bias over 2⁶⁴ draws is below 10⁻¹⁶).</summary>
        public int NextWeight() => (int)(Next() % 255) - 127;

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
