using System.Security.Cryptography;
using Quartier.Core.Input;
using Quartier.Core.Model;
using Quartier.Esdl;

namespace Quartier.Application;

/// <summary>
/// What a run is given: an ESDL, or a DOTS orchestrator request (JSON with <c>esdl_base64string</c>,
/// <c>start_date</c>, <c>simulation_duration_in_seconds</c>, <c>calculation_services</c>), whose start and duration
/// become the run's defaults.
/// </summary>
public sealed record RunInput(EnergySystem System, string Source, string Hash, string? Name, DateTime? Start, long? DurationSeconds, DotsRequest? Request = null)
{
    public bool IsDotsRequest => Request is not null;

    /// <summary>How errors name the input (the path as given, or "request body").</summary>
    public string Label { get; init; } = Source;

    /// <summary>Reads a file: <c>.json</c>/<c>.json.gz</c> as a DOTS request, anything else as ESDL (gzip allowed).</summary>
    public static RunInput Load(string path)
    {
        var bytes = InputFiles.ReadAllBytes(path);
        var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase);
        return FromBytes(bytes, Path.GetFullPath(path), json, path);
    }

    /// <summary>Reads bytes received by a host (a request body, an upload); <paramref name="name"/> names them in errors.</summary>
    public static RunInput FromBytes(byte[] bytes, string source, bool dotsRequest, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var label = name ?? source;
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (InputFiles.IsGzip(bytes))
        {
            bytes = InputFiles.GunzipWhole(bytes, label);
        }

        if (!dotsRequest)
        {
            return new RunInput(EsdlReader.ReadUtf8(bytes, label), source, hash, null, null, null) { Label = label };
        }

        var request = DotsRequest.Read(bytes, label);
        return new RunInput(request.System, source, hash, request.Name, request.Start, request.DurationSeconds, request) { Label = label };
    }

    /// <summary>The ESDL's own warnings (unknown attributes, defaults taken) as diagnostics.</summary>
    public IEnumerable<Diagnostic> Diagnostics => System.Warnings.Select(w => Diagnostic.Warning(w, "input"));
}
