namespace Harness.Core.Store;

/// <summary>
/// SQLitePCLRaw's bundle must be initialised once per process before any connection opens
/// (the plain Microsoft.Data.Sqlite package would do it, but the mirror only restores the Core package).
/// </summary>
public static class SqliteSetup
{
    private static readonly Lazy<bool> _initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static void EnsureInitialized() => _ = _initialized.Value;
}
