using System.CommandLine;
using Quartier.Application;

namespace Quartier.Cli.Commands;

/// <summary><c>quartier validate</c>: read and wire an input without running it; report counts and warnings.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "ESDL file or DOTS simulation request" };
        var command = new Command("validate", "Check an input: parse, resolve references, wire services") { file };
        command.SetAction(parse => CliGuard.Run(() =>
        {
            var path = parse.GetValue(file)!;
            var input = RunInput.Load(path);
            var prepared = RunJob.Prepare(input, new RunSettings());
            Diagnostics.Print(prepared.Diagnostics.Where(d => d.Level == DiagnosticLevel.Warning));
            var runner = prepared.Runner;
            Console.WriteLine($"{path}: ESDL '{input.System.Name}' is valid");
            foreach (var (type, count) in input.System.CountByType())
            {
                Console.WriteLine($"  {type,-24} {count,6}");
            }

            Console.WriteLine($"  services: {string.Join(", ", runner.Simulation.Services.Select(s => s.Name))}");
            foreach (var feeder in runner.Simulation.Services.OfType<Quartier.Simulation.Services.LvNetworkService>())
            {
                Console.WriteLine($"  LV network {feeder.Network.Summary}");
            }

            Console.WriteLine($"  default run: {runner.Grid}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
