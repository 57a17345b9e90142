using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Core.Tests.Input;

public sealed class SafeJsonTests
{
    [Fact]
    public void Malformed_json_names_the_line()
    {
        var ex = Assert.Throws<InputException>(() => SafeJson.Parse("{\n  \"a\": 1,\n  \"b\": tru\n}", "req.json"));

        Assert.Equal(3, ex.Line);
        Assert.StartsWith("req.json:3: malformed JSON", ex.Located, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_beyond_the_limit_names_the_limit()
    {
        var deep = new string('[', 200) + new string(']', 200);

        var ex = Assert.Throws<InputException>(() => SafeJson.Parse(deep, "deep.json"));

        Assert.Contains("exceeds the limit of 64 levels", ex.Message, StringComparison.Ordinal);
        Assert.Contains(InputLimits.JsonDepthVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serializer_errors_lose_their_dotnet_type_names()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Holder>("{\"Hours\": \"many\"}"));

        var located = SafeJson.Error(ex, "eos.json").Located;

        Assert.DoesNotContain("System.", located, StringComparison.Ordinal);
        Assert.Contains("$.Hours", located, StringComparison.Ordinal);
        Assert.Equal("The JSON value could not be converted to a whole number", SafeJson.Describe("The JSON value could not be converted to System.Nullable`1[System.Int32]. Path: $.Hours | LineNumber: 0 | BytePositionInLine: 15."));
    }

    private sealed record Holder(int? Hours);
}
