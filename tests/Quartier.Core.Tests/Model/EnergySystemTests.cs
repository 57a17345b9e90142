using Quartier.Core.Model;

namespace Quartier.Core.Tests.Model;

public sealed class EnergySystemTests
{
    private static readonly DateTime T0 = new(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc);

    private static Asset NewAsset(string id, string type, AssetKind kind) => new(id, null, type, kind, new Dictionary<string, string>());

    [Fact]
    public void CountByType_and_OfKind()
    {
        var system = new EnergySystem
        {
            Id = "es",
            Name = "test",
            Assets =
            [
                NewAsset("j1", "Joint", AssetKind.Joint),
                NewAsset("j2", "Joint", AssetKind.Joint),
                NewAsset("c1", "ElectricityCable", AssetKind.ElectricityCable),
            ],
        };

        var counts = system.CountByType();

        Assert.Equal(2, counts["Joint"]);
        Assert.Equal(1, counts["ElectricityCable"]);
        Assert.Equal(2, counts.Count);
        Assert.Equal(["j1", "j2"], system.OfKind(AssetKind.Joint).Select(a => a.Id));
    }

    [Fact]
    public void ProfileSpan_is_the_intersection_of_bounded_profiles()
    {
        var weather = NewAsset("w", "EnvironmentalProfiles", AssetKind.EnvironmentalProfiles);
        weather.AddProfile("outsideTemperatureProfile", new TimeSeriesProfile(null, null, null, 0, T0, 3600, new double[72]));
        var demand = NewAsset("d", "ElectricityDemand", AssetKind.ElectricityDemand);
        var port = new Port("p", "In", PortDirection.In, demand, [], null, 0);
        port.AddProfile(new TimeSeriesProfile(null, null, null, 0, T0.AddHours(6), 3600, new double[24]));
        port.AddProfile(new SingleValueProfile(null, null, null, 0, 1));
        port.AddProfile(new InfluxDbProfile(null, null, null, 0, new Dictionary<string, string>()));
        demand.AddPort(port);
        var system = new EnergySystem { Id = "es", Name = "test", Assets = [weather, demand] };

        Assert.Equal((T0.AddHours(6), T0.AddHours(30)), system.ProfileSpan());
        Assert.Equal(4, system.AllProfiles().Count());
    }

    [Fact]
    public void ProfileSpan_is_null_when_profiles_do_not_overlap_or_are_unbounded()
    {
        var a = NewAsset("a", "ElectricityDemand", AssetKind.ElectricityDemand);
        a.AddProfile("x", new TimeSeriesProfile(null, null, null, 0, T0, 3600, new double[2]));
        a.AddProfile("y", new TimeSeriesProfile(null, null, null, 0, T0.AddHours(5), 3600, new double[2]));
        var disjoint = new EnergySystem { Id = "es", Name = "test", Assets = [a] };
        var b = NewAsset("b", "ElectricityDemand", AssetKind.ElectricityDemand);
        b.AddProfile("v", new SingleValueProfile(null, null, null, 0, 3));
        var unbounded = new EnergySystem { Id = "es", Name = "test", Assets = [b] };

        Assert.Null(disjoint.ProfileSpan());
        Assert.Null(unbounded.ProfileSpan());
    }
}
