using System.Diagnostics;
using System.Globalization;
using Quartier.Esdl;
using Quartier.Grid.Network;
using Quartier.Grid.PowerFlow;
using Quartier.Tests.Shared;

// Power-flow benchmark (issue target: Arch72 ≤ 50 µs median per step, a year of 15-min steps ≤ 2 s): Arch72 (188 buses,
// 187 cables, 60 connections) solved for STEPS steps with independent seeded random loads per phase
// (0–1.5 kW, 0–0.3 kvar). Usage: dotnet run -c Release --project bench/Quartier.Bench.Grid -- [--steps N]
// With --copies N --out FILE it only writes N copies of Arch72 as one ESDL (EsdlCopies; run.sh times `quartier run` on it).
int steps = 35_040;
int copies = 0;
string? output = null;
for (int i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--copies": copies = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--out": output = args[++i]; break;
    }
}

string esdl = FindReference("dots/arch72-bandwidth/arch72-bandwidth.esdl");
if (copies > 0)
{
    EsdlCopies.Write(esdl, output ?? throw new ArgumentException("--copies needs --out FILE"), copies);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{output}: {copies} copies of Arch72, {new FileInfo(output).Length / 1e6:0.0} MB"));
    return;
}

var net = NetworkBuilder.FromEsdl(EsdlReader.ReadFile(esdl), OpenDssCodes.DefaultLineCodes(), OpenDssCodes.DefaultTransformerCodes());
var solver = new PowerFlowSolver(net);
var rng = new Random(2024);
var times = new double[steps];
var p = new double[solver.LoadP.Length];
var q = new double[solver.LoadQ.Length];
int maxIterations = 0;
long total = 0;
long sweeps = 0;
for (int step = 0; step < steps; step++)
{
    for (int k = 0; k < p.Length; k++)
    {
        p[k] = rng.NextDouble() * 1500;
        q[k] = rng.NextDouble() * 300;
    }

    long t0 = Stopwatch.GetTimestamp();
    Array.Copy(p, solver.LoadP, p.Length);
    Array.Copy(q, solver.LoadQ, q.Length);
    if (!solver.Solve())
    {
        throw new InvalidOperationException($"step {step} did not converge");
    }

    long dt = Stopwatch.GetTimestamp() - t0;
    total += dt;
    times[step] = dt * 1e6 / Stopwatch.Frequency;
    maxIterations = Math.Max(maxIterations, solver.Result.Iterations);
    sweeps += solver.Result.Iterations;
}

Array.Sort(times);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Arch72 {steps} steps: median {times[steps / 2]:0.0} µs, p99 {times[(int)(steps * 0.99)]:0.0} µs, total {(double)total / Stopwatch.Frequency:0.000} s, mean sweeps {(double)sweeps / steps:0.00}, max sweeps {maxIterations}"));

static string FindReference(string relative)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "..", "shared", "reference", relative);
        if (File.Exists(candidate))
        {
            return Path.GetFullPath(candidate);
        }
    }

    throw new FileNotFoundException("../shared/reference/" + relative + " not found");
}
