namespace Harness.Retrieval.Faiss;

/// <summary>A FAISS call failed; the message is FAISS's own, prefixed by what was being done.</summary>
public sealed class FaissException : Exception
{
    public FaissException()
    {
    }

    public FaissException(string message)
        : base(message)
    {
    }

    public FaissException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
