using Quartier.Core.Errors;
using Quartier.Storage.Postgres;

namespace Quartier.Storage.Tests.Postgres;

/// <summary>Store URLs: their parts, their display without a password, and every malformed one an input error on field "store".</summary>
public sealed class PostgresUrlTests
{
    [Theory]
    [InlineData("", "must start with postgres://")]
    [InlineData("http://quartier@127.0.0.1/quartier", "must start with postgres://")]
    [InlineData("/tmp/results.db", "must start with postgres://")]
    [InlineData("postgres://127.0.0.1:15432/quartier", "names no user")]
    [InlineData("postgres://:secret@127.0.0.1/quartier", "names no user")]
    [InlineData("postgres://quartier@/quartier", "names no host")]
    [InlineData("postgres://quartier@:5432/quartier", "names no host")]
    [InlineData("postgres://quartier@127.0.0.1:99999/quartier", "port '99999'")]
    [InlineData("postgres://quartier@127.0.0.1:0/quartier", "port '0'")]
    [InlineData("postgres://quartier@127.0.0.1:db/quartier", "port 'db'")]
    [InlineData("postgres://quartier@127.0.0.1:/quartier", "port ''")]
    [InlineData("postgres://quartier@127.0.0.1:5432", "names no database")]
    [InlineData("postgres://quartier@127.0.0.1/", "names no database")]
    [InlineData("postgres://quartier@127.0.0.1/a/b", "database name with a '/'")]
    [InlineData("postgres://quartier@[::1/quartier", "closing ']'")]
    [InlineData("postgres://quartier@h1,h2/quartier", "several hosts")]
    public void A_bad_url_is_an_input_error_on_field_store(string url, string problem)
    {
        var ex = Assert.Throws<InputException>(() => PostgresResultStore.Open(url));
        Assert.Equal("store", ex.Field);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Contains("postgres://user[:password]@host[:port]/database", ex.Message, StringComparison.Ordinal);
        Assert.Equal("store", Assert.Throws<InputException>(() => new PostgresJobStore(url)).Field);
    }

    [Fact]
    public void A_url_parses_to_its_parts_with_port_5432_by_default_and_a_password_never_shown()
    {
        var url = PostgresUrl.Parse("PostgreSQL://us%40er:p%3Ass@db.example.org/my%20db?sslmode=require");
        Assert.Equal(("postgresql", "us@er", "p:ss", "db.example.org", 5432, "my db"), (url.Scheme, url.User, url.Password, url.Host, url.Port, url.Database));
        Assert.Equal("postgresql://us%40er@db.example.org:5432/my%20db", url.Display);

        var v6 = PostgresUrl.Parse("postgres://q@[::1]:6543/d");
        Assert.Equal(("::1", 6543, (string?)null), (v6.Host, v6.Port, v6.Password));
        Assert.Equal("postgres://q@[::1]:6543/d", v6.Display);
    }

    [Fact]
    public void An_unreachable_server_is_an_input_error_naming_host_and_port()
    {
        var ex = Assert.Throws<InputException>(() => PostgresResultStore.Open("postgres://quartier:secret@127.0.0.1:1/quartier"));

        Assert.Equal("store", ex.Field);
        Assert.Contains("127.0.0.1:1", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ex.InnerException!.Message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message + ex.File, StringComparison.Ordinal);
    }
}
