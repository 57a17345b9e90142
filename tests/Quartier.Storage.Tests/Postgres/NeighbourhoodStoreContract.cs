using Quartier.Storage.Postgres;

namespace Quartier.Storage.Tests.Postgres;

/// <summary>What every <see cref="INeighbourhoodStore"/> must do, asserted the same way against SQLite and PostgreSQL.</summary>
public abstract class NeighbourhoodStoreContract : IDisposable
{
    private static readonly DateTime Saved = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    /// <summary>A new store object on this test's database (the same data each call).</summary>
    protected abstract INeighbourhoodStore Open();

    public abstract void Dispose();

    [Fact]
    public void Every_save_is_a_new_version_and_every_earlier_one_stays_readable()
    {
        var store = Open();
        Assert.Null(store.Find("two-houses"));
        Assert.Equal(1, store.Save("two-houses", "Two houses", "{\"houses\":[1,2]}", Saved).Version);
        Assert.Equal(1, store.Save("other", "Other", "{}", Saved.AddMinutes(1)).Version);
        var second = store.Save("two-houses", "Two houses, renamed", "{\"houses\":[1,2,3]}", Saved.AddMinutes(2));
        Assert.Equal(2, second.Version);

        var reopened = Open();
        var newest = reopened.Find("two-houses")!;
        Assert.Equal((2, "Two houses, renamed", "{\"houses\":[1,2,3]}", Saved.AddMinutes(2)), (newest.Version, newest.Name, newest.Document, newest.SavedUtc));
        Assert.Equal(DateTimeKind.Utc, newest.SavedUtc.Kind);
        var first = reopened.Find("two-houses", 1)!;
        Assert.Equal(("Two houses", "{\"houses\":[1,2]}"), (first.Name, first.Document));
        Assert.Null(reopened.Find("two-houses", 3));
        Assert.Equal([1, 2], reopened.Versions("two-houses").Select(v => v.Version).ToArray());
        Assert.All(reopened.Versions("two-houses"), v => Assert.Equal(string.Empty, v.Document));
        Assert.Equal([("two-houses", 2), ("other", 1)], reopened.List().Select(v => (v.Id, v.Version)).ToArray());
    }
}

public sealed class SqliteNeighbourhoodStoreContractTests : NeighbourhoodStoreContract
{
    private readonly TempStore _temp = new();

    public override void Dispose() => _temp.Dispose();

    protected override INeighbourhoodStore Open() => new SqliteNeighbourhoodStore(_temp.Path);
}

public sealed class PostgresNeighbourhoodStoreContractTests : NeighbourhoodStoreContract
{
    private readonly PostgresDatabase _database = new();

    public override void Dispose() => _database.Dispose();

    protected override INeighbourhoodStore Open() => new PostgresNeighbourhoodStore(_database.Url);
}
