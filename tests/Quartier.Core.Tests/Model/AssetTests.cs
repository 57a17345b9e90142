using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Model;

namespace Quartier.Core.Tests.Model;

public sealed class AssetTests
{
    private static Asset Make(IDictionary<string, string> attributes, string? json = null, int line = 10)
    {
        JsonElement? parameters = null;
        if (json is not null)
        {
            using var doc = JsonDocument.Parse(json);
            parameters = doc.RootElement.Clone();
        }

        return new Asset("a1", "Battery1", "Battery", AssetKind.Battery, attributes, line, "x.esdl") { Parameters = parameters };
    }

    [Fact]
    public void Name_falls_back_to_id()
    {
        var asset = new Asset("id-1", null, "Joint", AssetKind.Joint, new Dictionary<string, string>());

        Assert.Equal("id-1", asset.Name);
    }

    [Fact]
    public void Numeric_attributes_parse_invariantly()
    {
        var asset = Make(new Dictionary<string, string> { ["capacity"] = "3.6E7", ["fillLevel"] = "0.5" });

        Assert.Equal(3.6e7, asset.RequiredDouble("capacity"));
        Assert.Equal(0.5, asset.OptionalDouble("fillLevel"));
        Assert.Null(asset.OptionalDouble("maxChargeRate"));
        Assert.Equal(7.0, asset.DoubleOr("maxChargeRate", 7.0));
    }

    [Fact]
    public void Missing_required_attribute_is_an_input_error_located_at_the_asset()
    {
        var asset = Make(new Dictionary<string, string>());

        var ex = Assert.Throws<InputException>(() => asset.RequiredDouble("capacity"));

        Assert.Contains("capacity", ex.Message, StringComparison.Ordinal);
        Assert.Equal("a1", ex.ElementId);
        Assert.Equal(10, ex.Line);
        Assert.Equal("x.esdl", ex.File);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Non_numeric_attribute_is_an_input_error(string text)
    {
        var asset = Make(new Dictionary<string, string> { ["capacity"] = text });

        var ex = Assert.Throws<InputException>(() => asset.OptionalDouble("capacity"));
        Assert.Contains(text, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_zero_means_unknown_line()
    {
        var asset = Make(new Dictionary<string, string>(), line: 0);

        Assert.Null(asset.Error("x").Line);
    }

    [Fact]
    public void Description_parameters_are_read_by_kind()
    {
        var asset = Make(
            new Dictionary<string, string>(),
            """{"max_soc": 378000000.0, "arrival_socs": [1.5, 2.5], "got_ems": true, "contract": "static", "bad": [1, "x"]}""");

        Assert.Equal(378_000_000.0, asset.ParameterOr("max_soc", 0));
        Assert.Equal(378_000_000.0, asset.RequiredParameter("max_soc"));
        Assert.Equal(-1.0, asset.ParameterOr("missing", -1));
        Assert.Equal(-1.0, asset.ParameterOr("contract", -1));
        Assert.Equal([1.5, 2.5], asset.ParameterArray("arrival_socs"));
        Assert.Empty(asset.ParameterArray("missing"));
        Assert.True(asset.ParameterFlag("got_ems", false));
        Assert.True(asset.ParameterFlag("missing", true));
        Assert.False(asset.ParameterFlag("contract", false));
        Assert.Equal("static", asset.ParameterString("contract"));
        Assert.Null(asset.ParameterString("max_soc"));
        Assert.Throws<InputException>(() => asset.RequiredParameter("missing"));
        Assert.Throws<InputException>(() => asset.ParameterArray("bad"));
    }

    [Fact]
    public void Without_parameters_everything_falls_back()
    {
        var asset = Make(new Dictionary<string, string> { ["description"] = "plain text" });

        Assert.Equal("plain text", asset.Description);
        Assert.Null(asset.Parameters);
        Assert.Equal(3.0, asset.ParameterOr("x", 3.0));
        Assert.False(asset.ParameterFlag("x", false));
        Assert.Empty(asset.ParameterArray("x"));
    }

    [Fact]
    public void Global_objects()
    {
        Assert.True(new Asset("e", null, "EnvironmentalProfiles", AssetKind.EnvironmentalProfiles, new Dictionary<string, string>()).IsGlobal);
        Assert.True(new Asset("m", null, "EnergyMarket", AssetKind.EnergyMarket, new Dictionary<string, string>()).IsGlobal);
        Assert.False(Make(new Dictionary<string, string>()).IsGlobal);
    }
}
