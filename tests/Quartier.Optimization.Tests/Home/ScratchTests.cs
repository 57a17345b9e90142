using System.Globalization;
using Quartier.Optimization.Home;
using Quartier.Optimization.Modeling;
using Xunit.Abstractions;

namespace Quartier.Optimization.Tests.Home;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        var full = HomePlannerFullHomeTests.FullHome(false, 0);
        var prices = full.ImportPriceEurPerKwh.Select(p => Math.Max(p, 0.10)).ToArray();
        var variants = new (string Name, HomePlanInput Input)[]
        {
            ("full", full),
            ("no appliance", full with { Appliances = [] }),
            ("no negative", full with { ImportPriceEurPerKwh = prices }),
            ("no neg, no app", full with { ImportPriceEurPerKwh = prices, Appliances = [] }),
            ("no battery", full with { Battery = null }),
            ("no ev", full with { Ev = null }),
            ("no hp", full with { HeatPump = null }),
            ("hpmin600", HomePlannerFullHomeTests.FullHome(false, 600)),
            ("hpmin600 no neg", HomePlannerFullHomeTests.FullHome(false, 600) with { ImportPriceEurPerKwh = prices }),
            ("hpmin600 no neg, no app", HomePlannerFullHomeTests.FullHome(false, 600) with { ImportPriceEurPerKwh = prices, Appliances = [] }),
            ("ev discrete", HomePlannerFullHomeTests.FullHome(true, 0)),
            ("ev discrete no neg", HomePlannerFullHomeTests.FullHome(true, 0) with { ImportPriceEurPerKwh = prices }),
        };
        foreach (var solverName in new[] { "cbc" })
        {
            var s = Quartier.Optimization.Solvers.Solvers.ByName(solverName);
            foreach (var gap in new[] { 1e-6 })
            {
                foreach (var (name, input) in variants.Where(v => v.Name.Contains("hpmin") || v.Name.Contains("discrete")))
                {
                    var times = new List<double>();
                    HomePlan? plan = null;
                    for (var r = 0; r < 3; r++)
                    {
                        plan = HomePlanner.Plan(input, s, new SolveOptions { TimeLimitSeconds = 3, RelativeGap = gap });
                        times.Add(plan.SolveSeconds * 1000);
                    }

                    times.Sort();
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{solverName} gap {gap} {name}: {plan!.Status} {times[1]:F1} ms obj {plan.ObjectiveEur:F6} bins {plan.ModelSize.Binaries} lp {plan.SolvedByRelaxation} total {plan.TotalSeconds * 1000:F1}"));
                }
            }
        }
    }
}
