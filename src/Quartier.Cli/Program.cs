using System.CommandLine;
using Quartier.Cli;
using Quartier.Cli.Commands;

using var signals = CliSignals.Register();
ConsoleSetup.Apply();
var root = new RootCommand("Quartier: simulate and optimise local energy systems (ESDL, DOTS, CoSSMic, EOS).")
{
    RunCommand.Create(),
    SweepCommand.Create(),
    ValidateCommand.Create(),
    ResultsCommand.Create(),
    EosCommand.Create(),
    OptimizeCommand.Create(),
    PvCommand.Create(),
    WeatherCommand.Create(),
    GridCommand.Create(),
    CossmicCommand.Create(),
    ServeCommand.Create(),
    ResourceCommand.Create(),
    S2Command.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    Console.Error.WriteLine($"error: {ParseErrors.OneLine(parse.Errors.Select(e => e.Message))}");
    return ExitCodes.BadInput;
}

// Signals are CliSignals' alone: System.CommandLine's own termination handler fails on a second Ctrl-C during the
// shutdown it started ("transition a task to a final state when it had already completed") and aborts the process.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
