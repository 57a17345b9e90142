using System.Security.Cryptography;
using Quartier.Core.Input;
using Quartier.Core.Model;
using Quartier.Esdl;

namespace Quartier.Cli;

/// <summary>
/// Loads what a user points Quartier at: an ESDL file, or a DOTS orchestrator POST body (JSON with
/// <c>esdl_base64string</c>, <c>start_date</c>, <c>simulation_duration_in_seconds</c>), whose start and
/// duration become the run's defaults.
/// </summary>
internal sealed record LoadedInput(EnergySystem System, string Path, string Hash, string? Name, DateTime? Start, long? DurationSeconds, bool IsDotsRequest = false)
{
    public static LoadedInput Load(string path)
    {
        var bytes = InputFiles.ReadAllBytes(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (InputFiles.IsGzip(bytes))
        {
            bytes = InputFiles.GunzipWhole(bytes, path);
        }

        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase))
        {
            return FromDotsPost(path, bytes, hash);
        }

        return new LoadedInput(EsdlReader.ReadBytes(bytes, path), path, hash, null, null, null);
    }

    private static LoadedInput FromDotsPost(string path, byte[] bytes, string hash)
    {
        var request = DotsRequest.Read(bytes, path);
        return new LoadedInput(request.System, path, hash, request.Name, request.Start, request.DurationSeconds, IsDotsRequest: true);
    }
}
