namespace Harness.Pipelines.Remote;

/// <summary>About four characters a token: what the harness reports for a remote server that does not count.</summary>
public static class RoughTokenCount
{
    public static int Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return (text.Length + 3) / 4;
    }
}
