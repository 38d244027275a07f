namespace Harness.Llama;

/// <summary>Something llama.cpp (or LLamaSharp and the harness's layer in front of it) could not do.</summary>
public class LlamaException : Exception
{
    public LlamaException()
    {
    }

    public LlamaException(string message)
        : base(message)
    {
    }

    public LlamaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The llama.cpp shared libraries are missing or incomplete.</summary>
public class LlamaNativeException : LlamaException
{
    public LlamaNativeException()
    {
    }

    public LlamaNativeException(string message)
        : base(message)
    {
    }

    public LlamaNativeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A model or adapter file could not be loaded; <see cref="Path"/> names it.</summary>
public class ModelLoadException : LlamaException
{
    public ModelLoadException()
    {
        Path = string.Empty;
    }

    public ModelLoadException(string message)
        : base(message)
    {
        Path = string.Empty;
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    public ModelLoadException(string path, string message)
        : base($"{path}: {message}")
    {
        Path = path;
    }

    public ModelLoadException(string path, string message, Exception innerException)
        : base($"{path}: {message}", innerException)
    {
        Path = path;
    }

    public string Path { get; }
}

/// <summary>The model file does not exist.</summary>
public class ModelFileNotFoundException : ModelLoadException
{
    public ModelFileNotFoundException()
    {
    }

    public ModelFileNotFoundException(string message)
        : base(message)
    {
    }

    public ModelFileNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelFileNotFoundException(string path, string message)
        : base(path, message)
    {
    }
}

/// <summary>The file is not a GGUF file llama.cpp can read: wrong magic, unsupported version, truncated or inconsistent.</summary>
public class InvalidModelFileException : ModelLoadException
{
    public InvalidModelFileException()
    {
    }

    public InvalidModelFileException(string message)
        : base(message)
    {
    }

    public InvalidModelFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidModelFileException(string path, string message)
        : base(path, message)
    {
    }

    public InvalidModelFileException(string path, string message, Exception innerException)
        : base(path, message, innerException)
    {
    }
}

/// <summary>The file's sha256 differs from the expected one (e.g. the model card's).</summary>
public class ModelChecksumException : ModelLoadException
{
    public ModelChecksumException()
    {
        Expected = Actual = string.Empty;
    }

    public ModelChecksumException(string message)
        : base(message)
    {
        Expected = Actual = string.Empty;
    }

    public ModelChecksumException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expected = Actual = string.Empty;
    }

    public ModelChecksumException(string path, string expected, string actual)
        : base(path, $"sha256 is {actual}, expected {expected} - the file is corrupt or a different version; fetch it again")
    {
        Expected = expected;
        Actual = actual;
    }

    public string Expected { get; }

    public string Actual { get; }
}

/// <summary>llama_decode failed; <see cref="ReturnCode"/> is its result (1: no KV slot, 2: aborted, negative: error).</summary>
public class DecodeException : LlamaException
{
    public DecodeException()
    {
    }

    public DecodeException(string message)
        : base(message)
    {
    }

    public DecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DecodeException(int returnCode)
        : base($"llama_decode failed with code {returnCode}" + (returnCode == 1 ? " (no room in the KV cache - use a larger context)" : ""))
    {
        ReturnCode = returnCode;
    }

    public int ReturnCode { get; }
}

/// <summary>A prompt does not fit the context.</summary>
public class PromptTooLongException : LlamaException
{
    public PromptTooLongException()
    {
    }

    public PromptTooLongException(string message)
        : base(message)
    {
    }

    public PromptTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PromptTooLongException(int promptTokens, int contextTokens)
        : base($"the prompt has {promptTokens} tokens but the context holds {contextTokens} per sequence - shorten the prompt or raise the context size")
    {
        PromptTokens = promptTokens;
        ContextTokens = contextTokens;
    }

    public int PromptTokens { get; }

    public int ContextTokens { get; }
}
