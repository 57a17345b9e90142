using Quartier.Core.Errors;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

/// <summary>DOTS's phase rule: the last character of the phase nodes a device's ports connect to.</summary>
public sealed class PhaseMapTests
{
    private static double[] Fractions(int[] phases)
    {
        var system = new EsdlBuilder().Building("H").Connection().Device("ElectricityDemand", "D", phases, profile: [1, 1]).Build();
        var fractions = new double[3];
        PhaseMap.Fractions(system.AssetsById["D"], fractions);
        return fractions;
    }

    [Theory]
    [InlineData(new[] { 1 }, new[] { 1.0, 0, 0 })]
    [InlineData(new[] { 3 }, new[] { 0, 0, 1.0 })]
    [InlineData(new[] { 1, 3 }, new[] { 0.5, 0, 0.5 })]
    [InlineData(new[] { 1, 2, 3 }, new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 })]
    public void Power_is_split_evenly_over_the_connected_phase_nodes(int[] phases, double[] expected) =>
        Assert.Equal(expected, Fractions(phases));

    [Fact]
    public void A_device_without_phase_nodes_is_three_phase_balanced() =>
        Assert.Equal([1 / 3.0, 1 / 3.0, 1 / 3.0], Fractions([]));

    [Fact]
    public void Tan_phi_follows_the_power_factor()
    {
        var system = new EsdlBuilder().Building("H")
            .Demand("D95", [1, 1], powerFactor: 0.95)
            .Demand("D1", [1, 1], powerFactor: 1.0)
            .Build();
        Assert.Equal(0.328684105178863, PhaseMap.TanPhi(system.AssetsById["D95"]), 12);
        Assert.Equal(0.0, PhaseMap.TanPhi(system.AssetsById["D1"]));

        // A power factor above 1 is refused when the ESDL is read.
        Assert.Throws<InputException>(() => new EsdlBuilder().Building("H").Demand("Bad", [1, 1], powerFactor: 1.5).Build());
    }
}
