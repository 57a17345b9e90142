using Microsoft.Data.Sqlite;

namespace Quartier.Storage.Tests;

/// <summary>A scratch directory for store files, removed (with pooled connections released) when the test ends.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "quartier-storage-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "results.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public SqliteResultStore Open() => SqliteResultStore.Open(Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
