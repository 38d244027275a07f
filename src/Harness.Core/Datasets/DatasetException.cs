namespace Harness.Core.Datasets;

/// <summary>A dataset cannot be loaded at all (unknown card, missing file, unreadable file); the message says how to fix it.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message)
        : base(message)
    {
    }

    public DatasetException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
