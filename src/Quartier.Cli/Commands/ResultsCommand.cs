using System.CommandLine;
using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Core.Results;
using Quartier.Storage;
using Spectre.Console;

namespace Quartier.Cli.Commands;

/// <summary><c>quartier results list|show|export</c>: look at stored runs and take them to a spreadsheet.</summary>
internal static class ResultsCommand
{
    public static Command Create()
    {
        var results = new Command("results", "List, show and export stored runs");

        var listDb = SharedOptions.Db();
        var list = new Command("list", "List runs, newest first") { listDb };
        list.SetAction(parse => CliGuard.Run(() => List(parse.GetValue(listDb))));

        var showRun = new Argument<string>("run") { Description = "run id, unique prefix, or 'latest'", DefaultValueFactory = _ => "latest" };
        var showDb = SharedOptions.Db();
        var show = new Command("show", "Show a run's status and key figures") { showRun, showDb };
        show.SetAction(parse => CliGuard.Run(() => Show(parse.GetValue(showRun)!, parse.GetValue(showDb))));

        var exportRun = new Argument<string>("run") { Description = "run id, unique prefix, 'latest' or 'all'", DefaultValueFactory = _ => "latest" };
        var exportDb = SharedOptions.Db();
        var format = new Option<string>("--format") { Description = "output format", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "bundle");
        var output = new Option<string>("--out") { Description = "folder to write into (csv), or the bundle file (bundle)", DefaultValueFactory = _ => "results" };
        var export = new Command("export", "Export runs as CSV (series.csv, one column per series, and kpis.csv), or a CoSSMic run as its result bundle") { exportRun, exportDb, format, output };
        export.SetAction(parse => CliGuard.Run(() => parse.GetValue(format) == "bundle"
            ? ExportBundle(parse.GetValue(exportRun)!, parse.GetValue(exportDb), parse.GetValue(output)!)
            : Export(parse.GetValue(exportRun)!, parse.GetValue(exportDb), parse.GetValue(output)!)));

        var importFile = new Argument<string>("bundle") { Description = "a result bundle written by 'quartier cossmic run --bundle' or 'results export --format bundle'" };
        var importDb = SharedOptions.Db();
        var importName = new Option<string?>("--name") { Description = "a name for the imported run" };
        var import = new Command("import", "Open a result bundle from a colleague: store it as a run and print its key figures") { importFile, importDb, importName };
        import.SetAction(parse => CliGuard.Run(() => Import(parse.GetValue(importFile)!, parse.GetValue(importDb), parse.GetValue(importName))));

        var logsRun = new Argument<string>("run") { Description = "run id, unique prefix, or 'latest'", DefaultValueFactory = _ => "latest" };
        var logsDb = SharedOptions.Db();
        var logsService = new Option<string?>("--service") { Description = "only this external service's log" };
        var logs = new Command("logs", "Print the logs of a run's external calculation services") { logsRun, logsDb, logsService };
        logs.SetAction(parse => CliGuard.Run(() => Logs(parse.GetValue(logsRun)!, parse.GetValue(logsDb), parse.GetValue(logsService))));

        results.Add(list);
        results.Add(show);
        results.Add(logs);
        results.Add(export);
        results.Add(import);
        return results;
    }

    private static SqliteResultStore OpenExisting(string? db)
    {
        var path = Workspace.DatabasePath(db);
        if (!File.Exists(path))
        {
            throw new InputException("no result database here yet; run 'quartier run <file>' first or give --db", path);
        }

        return SqliteResultStore.Open(path);
    }

    private static int List(string? db)
    {
        using var store = OpenExisting(db);
        var table = new Table().AddColumns("Run", "Name", "Status", "Created (UTC)", "Steps", "Step", "Wall s");
        foreach (var r in store.ListRuns())
        {
            table.AddRow(r.Id[..8], Markup.Escape(r.Name), r.Status.ToString(), r.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.StepCount.ToString(CultureInfo.InvariantCulture), $"{r.StepSeconds} s", r.WallSeconds.ToString("0.###", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static int Show(string id, string? db)
    {
        using var store = OpenExisting(db);
        var run = Find(store, id);
        Console.WriteLine($"run      {run.Id}");
        Console.WriteLine($"name     {run.Name}");
        Console.WriteLine($"input    {run.InputFile} (sha256 {run.InputHash[..12]}…)");
        Console.WriteLine($"status   {run.Status}{(run.Error is null ? string.Empty : ": " + run.Error)}");
        Console.WriteLine($"grid     {run.StepCount} × {run.StepSeconds} s from {run.GridStart:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"wall     {run.WallSeconds:0.###} s");
        var kpis = store.GetKpis(run.Id);
        if (kpis.Count > 0)
        {
            KpiTable.Print(kpis, "key figures");
        }

        Console.WriteLine($"series   {store.GetSeries(run.Id).Count}");
        return ExitCodes.Ok;
    }

    private static int Logs(string id, string? db, string? service)
    {
        using var store = OpenExisting(db);
        var run = Find(store, id);
        var names = store.GetAttachments(run.Id).Where(a => a.StartsWith(Quartier.Application.RunJob.LogAttachmentPrefix, StringComparison.Ordinal)).ToList();
        if (service is not null)
        {
            var wanted = Quartier.Application.RunJob.LogAttachmentPrefix + service + ".log";
            if (!names.Contains(wanted))
            {
                throw new InputException($"run {run.Id} has no log of service '{service}'; logs: {(names.Count == 0 ? "none" : string.Join(", ", names.Select(n => n[Quartier.Application.RunJob.LogAttachmentPrefix.Length..^4])))}", field: "--service");
            }

            names = [wanted];
        }

        if (names.Count == 0)
        {
            Console.Error.WriteLine($"run {run.Id} ran no external service; its log is its output");
        }

        foreach (var name in names)
        {
            Console.WriteLine($"== {name[Quartier.Application.RunJob.LogAttachmentPrefix.Length..^4]}");
            Console.Write(System.Text.Encoding.UTF8.GetString(store.ReadAttachment(run.Id, name) ?? []));
        }

        return ExitCodes.Ok;
    }

    private static int Export(string id, string? db, string outDir)
    {
        using var store = OpenExisting(db);
        var runs = id.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? store.ListRuns().Where(r => r.Status == RunStatus.Succeeded).ToList()
            : [Find(store, id)];
        if (runs.Count == 0)
        {
            throw new InputException("no succeeded runs to export", store.Path);
        }

        if (runs.FirstOrDefault(r => r.Status != RunStatus.Succeeded) is { } unfinished)
        {
            throw new InputException($"run {unfinished.Id[..8]} is {unfinished.Status}: nothing to export{(unfinished.Error is null ? string.Empty : " (" + unfinished.Error + ")")}", store.Path, elementId: unfinished.Id[..8]);
        }

        OutputFiles.CheckFolder(outDir, "--out");
        foreach (var run in runs)
        {
            var dir = Path.Combine(outDir, $"{Safe(run.Name)}-{run.Id[..8]}");
            Directory.CreateDirectory(dir);
            CsvExport.WriteSeries(store, run, Path.Combine(dir, "series.csv"));
            CsvExport.WriteKpis(store.GetKpis(run.Id), Path.Combine(dir, "kpis.csv"));
            Console.WriteLine($"{run.Id[..8]} → {dir}/series.csv, kpis.csv");
        }

        return ExitCodes.Ok;
    }

    private static int ExportBundle(string id, string? db, string outFile)
    {
        using var store = OpenExisting(db);
        var run = Find(store, id);
        var bytes = store.ReadAttachment(run.Id, Quartier.Application.CossmicJob.BundleAttachment)
            ?? throw new InputException($"run {run.Id[..8]} ({run.Name}) has no result bundle; bundles come with 'quartier cossmic run' and 'results import'", store.Path);
        var full = OutputFiles.CheckFile(outFile, "--out");
        File.WriteAllBytes(full, bytes);
        Console.WriteLine($"{run.Id[..8]} → {full} ({bytes.Length:N0} bytes)");
        return ExitCodes.Ok;
    }

    private static int Import(string file, string? db, string? name)
    {
        var bytes = InputFiles.ReadAllBytes(file, "bundle file");
        Cossmic.Results.CossmicRunSet runSet;
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            runSet = Cossmic.Results.CossmicBundle.Read(stream, file);
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        using var store = SqliteResultStore.Open(Workspace.DatabasePath(db));
        var id = Quartier.Application.CossmicJob.Save(store, runSet, bytes, Path.GetFullPath(file), hash, name);
        CossmicRuns.Print(runSet, jobs: false);
        Console.WriteLine($"imported {file} as run {id[..8]} in {store.Path}");
        return ExitCodes.Ok;
    }

    private static RunRecord Find(SqliteResultStore store, string id) =>
        store.FindRun(id) ?? throw new InputException($"no run '{TextClip(id)}' (give a run id, a unique prefix of one, or 'latest'; 'quartier results list' shows them)", store.Path, elementId: TextClip(id));

    private static string TextClip(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
