using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quartier.Application;
using Quartier.Core.Input;

namespace Quartier.Cli.Commands;

/// <summary><c>quartier resource query FILE</c>: may this instruction run on the resource, and what happens then?</summary>
internal static class ResourceCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "query (JSON): battery or device, state, history, instruction {time, mode, factor}, site, horizon_hours, step_seconds" };
        var json = new Option<bool>("--json") { Description = "print the answer as JSON (as POST /api/resources/query returns it)" };
        var query = new Command("query", "Ask whether a resource accepts an instruction (S2 reason if not) and predict its power and fill level over the next hours") { file, json };
        query.SetAction(parse => CliGuard.Run(() => Query(parse.GetValue(file)!, parse.GetValue(json))));
        return new Command("resource", "Ask S2 resources questions") { query };
    }

    private static int Query(string path, bool json)
    {
        var answer = ResourceQuery.Ask(InputFiles.ReadAllBytes(path, "resource query"), path);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(ResourceQuery.Answer(answer), new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine($"{answer.Status}: {answer.Mode} at factor {answer.Factor.ToString(c)} from {answer.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC for '{answer.ResourceId}'{(answer.Reason is null ? string.Empty : $" — {answer.Reason}")}");
        Console.WriteLine($"{"start (UTC)",-17}  {"mode",-22}  {"factor",6}  {"power W",10}  {"fill level",10}");
        foreach (var p in answer.Prediction)
        {
            var fill = double.IsNaN(p.FillLevel) ? "—" : p.FillLevel.ToString("0.0000", c);
            Console.WriteLine($"{p.Start.UtcDateTime:yyyy-MM-dd HH:mm}  {p.Mode + (p.InTransition ? " (transition)" : string.Empty),-22}  {p.Factor.ToString("0.###", c),6}  {p.PowerW.ToString("0.0", c),10}  {fill,10}");
        }

        return ExitCodes.Ok;
    }
}
