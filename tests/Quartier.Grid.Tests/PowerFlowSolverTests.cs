using System.Numerics;
using Quartier.Grid.Network;
using Quartier.Grid.PowerFlow;

namespace Quartier.Grid.Tests;

public sealed class PowerFlowSolverTests
{
    private static readonly PowerFlowOptions Tight = new() { Tolerance = 1e-12, MaxIterations = 200 };

    /// <summary>A 4-conductor code with self impedance zs and mutual zm (ohm/km) everywhere.</summary>
    private static LineCode Code(Complex zs, Complex zm)
    {
        var r = new double[16];
        var x = new double[16];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                var z = i == j ? zs : zm;
                r[(i * 4) + j] = z.Real;
                x[(i * 4) + j] = z.Imaginary;
            }
        }

        return new LineCode("test", 4, r, x, 100);
    }

    private static LvNetwork Chain(double phaseVoltage, params (LineCode Code, double LengthM)[] cables)
    {
        var buses = Enumerable.Range(0, cables.Length + 1).Select(i => new LvBus(i, $"B{i}", null, i == 0 ? LvBusKind.Source : LvBusKind.Connection)).ToList();
        var branches = cables.Select((c, i) => new LvBranch(i, $"C{i}", null, i, i + 1, c.LengthM, c.Code.Name, c.Code.NormAmps, LvBranch.Impedance(c.Code, c.LengthM))).ToList();
        var loads = Enumerable.Range(1, cables.Length).Select(i => new LvLoad(i - 1, $"L{i}", null, i)).ToList();
        return new LvNetwork(buses, branches, loads, 0, phaseVoltage);
    }

    [Fact]
    public void Two_bus_single_phase_load_matches_hand_calculation()
    {
        // One cable of 100 m, R = 2 ohm/km on every conductor (diagonal, X = 0) → r = 0.2 ohm per conductor.
        // Source 230 V on phase a, neutral grounded at the source; 5 kW on phase a at bus 1, nothing on b, c.
        // Loop a → load → neutral: U = Va1 − Vn1 = 230 − 2·r·I and I = P/U (all real) ⇒ U² − 230·U + 2·r·P = 0
        // ⇒ U = (230 + √(230² − 8·0.2·5000)) / 2 = (230 + √44900) / 2 = 220.94811 V, I = 5000 / U = 22.62975 A,
        // Va1 = 230 − 0.2·I = 225.47405 V, Vn1 = +0.2·I = 4.52595 V, losses 2·r·I² = 204.85 W, source P = 230·I.
        var net = Chain(230, (Code(new Complex(2, 0), Complex.Zero), 100));
        var solver = new PowerFlowSolver(net, Tight);
        solver.LoadP[0] = 5000;
        Assert.True(solver.Solve());
        var res = solver.Result;

        double u = (230 + Math.Sqrt(44900)) / 2;
        double i = 5000 / u;
        AssertRel(u, res.PhaseToNeutral(1, 0));
        AssertRel(i, res.CurrentMagnitude(0, 0));
        AssertRel(i, res.CurrentMagnitude(0, 3)); // all of it returns in the neutral
        Assert.Equal(0, res.CurrentMagnitude(0, 1), 12);
        AssertRel(230 - (0.2 * i), res.NodeVoltage(1, 0));
        AssertRel(0.2 * i, res.NodeVoltage(1, 3));
        Assert.Equal(0, Complex.Log(res.Voltage[7] / res.Voltage[4]).Imaginary, 9); // neutral rises in phase with Va1
        AssertRel(0.4 * i * i, res.CableLossesW);
        AssertRel(230 * i, res.TransformerLvP);

        // Unloaded phase b sees the neutral shift: |230∠−120° − Vn1|.
        AssertRel((Complex.FromPolarCoordinates(230, -2 * Math.PI / 3) - (0.2 * i)).Magnitude, res.PhaseToNeutral(1, 1));
    }

    [Fact]
    public void Three_bus_balanced_load_with_mutual_coupling_matches_per_phase_equivalent()
    {
        // Self Zs = 0.4 + 0.8j, mutual Zm = 0.05 + 0.7j ohm/km on all conductor pairs. With balanced currents
        // Ia + Ib + Ic = 0 the neutral carries nothing and each phase sees Zs − Zm = 0.35 + 0.1j ohm/km:
        // cable 1 200 m → z1 = 0.07 + 0.02j, cable 2 150 m → z2 = 0.0525 + 0.015j ohm.
        // Loads per phase: bus 1 3 kW + 1 kvar, bus 2 5 kW + 2 kvar. Per-phase equivalent (phase a, source 230∠0):
        //   U2 = U1 − z2·conj(S2/U2),  U1 = 230 − z1·(conj(S1/U1) + conj(S2/U2)),
        // solved below by plain fixed-point iteration on these two scalar equations.
        var code = Code(new Complex(0.4, 0.8), new Complex(0.05, 0.7));
        var net = Chain(230, (code, 200), (code, 150));
        var solver = new PowerFlowSolver(net, Tight);
        for (int p = 0; p < 3; p++)
        {
            solver.LoadP[p] = 3000;
            solver.LoadQ[p] = 1000;
            solver.LoadP[3 + p] = 5000;
            solver.LoadQ[3 + p] = 2000;
        }

        Assert.True(solver.Solve());

        Complex z1 = new(0.07, 0.02), z2 = new(0.0525, 0.015), s1 = new(3000, 1000), s2 = new(5000, 2000);
        Complex u1 = 230, u2 = 230;
        for (int k = 0; k < 500; k++)
        {
            var i2 = Complex.Conjugate(s2 / u2);
            var i1 = Complex.Conjugate(s1 / u1);
            u1 = 230 - (z1 * (i1 + i2));
            u2 = u1 - (z2 * i2);
        }

        var i2Hand = Complex.Conjugate(s2 / u2);
        var iCable1 = Complex.Conjugate(s1 / u1) + i2Hand;
        var res = solver.Result;
        AssertRel(u1.Magnitude, res.PhaseToNeutral(1, 0));
        AssertRel(u2.Magnitude, res.PhaseToNeutral(2, 0));
        AssertRel(u2.Magnitude, res.PhaseToNeutral(2, 2)); // balanced
        AssertRel(iCable1.Magnitude, res.CurrentMagnitude(0, 1));
        AssertRel(i2Hand.Magnitude, res.CurrentMagnitude(1, 2));
        Assert.True(res.CurrentMagnitude(0, 3) < 1e-9, "balanced: no neutral current");
        Assert.True(res.MaxUnbalancePercent < 1e-9);

        // Phase b current lags phase a by 120°.
        var angle = Complex.Log(res.Current[1] / res.Current[0]).Imaginary;
        Assert.Equal(-2 * Math.PI / 3, angle, 9);

        // Losses: 3 · (|I1|² Re z1 + |I2|² Re z2).
        AssertRel(3 * ((iCable1.Magnitude * iCable1.Magnitude * 0.07) + (i2Hand.Magnitude * i2Hand.Magnitude * 0.0525)), res.CableLossesW);
        Assert.Equal(24000 + res.CableLossesW, res.TransformerLvP, 6);
    }

    [Fact]
    public void Reference_network_with_1kW_per_phase_balances_power()
    {
        var net = NetworkBuilderTests.TestNetwork();
        var solver = new PowerFlowSolver(net);
        solver.SetUniformLoad(1000, 0);
        Assert.True(solver.Solve());
        var r = solver.Result;

        // 3 connections × 3 phases × 1 kW.
        Assert.Equal(9000, r.LoadP);
        Assert.Equal(r.LoadP + r.CableLossesW, r.TransformerLvP, 0.1 * 1000 * 1e-2); // within 1 W (acceptance: 0.1 kW)
        Assert.Equal(r.LoadP + r.CableLossesW + r.TransformerLossesW, r.TransformerP, 1);
        Assert.InRange(r.CableLossesW, 1, 100);

        // No-load loss 0.146 % of 250 kVA = 365 W plus copper loss 3·I²·R with I ≈ 3000 W / 230 V ≈ 13 A and
        // R = 1.056 % · 0.38² / 0.25 = 0.0061 ohm → ≈ 3.1 W.
        Assert.InRange(r.TransformerLossesW - 365, 2.9, 3.3);
        Assert.InRange(r.MinVoltage, 0.97 * net.SourcePhaseVoltage, net.SourcePhaseVoltage);
        Assert.InRange(r.Iterations, 1, 9);

        // Equal load on the phases: the neutral carries only what the slightly unequal mutual reactances
        // (0.758 vs 0.742 ohm/km) unbalance — well under 1 % of the ≈ 13 A phase current.
        int c1 = net.Branch("Cable1").Index;
        Assert.InRange(r.CurrentMagnitude(c1, 3), 0, 0.01 * r.CurrentMagnitude(c1, 0));
        Assert.InRange(r.CurrentMagnitude(c1, 0), 12.5, 13.5);
    }

    [Fact]
    public void Unbalanced_load_drives_neutral_current_and_unbalance()
    {
        var net = NetworkBuilderTests.TestNetwork();
        var solver = new PowerFlowSolver(net);
        for (int l = 0; l < net.Loads.Count; l++)
        {
            solver.LoadP[l * 3] = 4000; // everything on phase a
        }

        Assert.True(solver.Solve());
        var r = solver.Result;
        int c1 = net.Branch("Cable1").Index;

        // All the phase-a current comes back through the neutral (grounded only at the transformer).
        Assert.Equal(r.CurrentMagnitude(c1, 0), r.CurrentMagnitude(c1, 3), 6);
        Assert.True(r.MaxUnbalancePercent > 0.5);
        Assert.Equal(12000 + r.CableLossesW, r.TransformerLvP, 0.01);
    }

    [Fact]
    public void Impossible_load_is_reported_as_not_converged()
    {
        // r = 0.2 ohm per conductor: at most 230² / (4 · 0.4) ≈ 33 kW can reach a single-phase load.
        var net = Chain(230, (Code(new Complex(2, 0), Complex.Zero), 100));
        var solver = new PowerFlowSolver(net, new PowerFlowOptions { MaxIterations = 40 });
        solver.LoadP[0] = 60000;
        Assert.False(solver.Solve());
        Assert.False(solver.Result.Converged);
        Assert.Equal(40, solver.Result.Iterations);
    }

    [Fact]
    public void Solve_allocates_nothing_per_step()
    {
        var solver = new PowerFlowSolver(NetworkBuilderTests.Arch72());
        var rng = new Random(7);
        solver.SetUniformLoad(500, 100);
        solver.Solve();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 200; step++)
        {
            for (int k = 0; k < solver.LoadP.Length; k++)
            {
                solver.LoadP[k] = rng.NextDouble() * 2000;
            }

            Assert.True(solver.Solve());
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void AssertRel(double expected, double actual, double rel = 1e-6) =>
        Assert.True(Math.Abs(actual - expected) <= rel * Math.Abs(expected), $"expected {expected}, got {actual} (rel {(actual - expected) / expected:e2})");
}
