using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Core.Model;
using Quartier.Esdl;

namespace Quartier.Cli;

/// <summary>
/// Loads what a user points Quartier at: an ESDL file, or a DOTS orchestrator POST body (JSON with
/// <c>esdl_base64string</c>, <c>start_date</c>, <c>simulation_duration_in_seconds</c>), whose start and
/// duration become the run's defaults.
/// </summary>
internal sealed record LoadedInput(EnergySystem System, string Path, string Hash, string? Name, DateTime? Start, long? DurationSeconds)
{
    public static LoadedInput Load(string path)
    {
        var bytes = InputFiles.ReadAllBytes(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return FromDotsPost(path, bytes, hash);
        }

        using var stream = new MemoryStream(bytes);
        return new LoadedInput(EsdlReader.Read(stream, path), path, hash, null, null, null);
    }

    private static LoadedInput FromDotsPost(string path, byte[] bytes, string hash)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new InputException($"malformed JSON at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}", path, (int?)(ex.LineNumber + 1));
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (!root.TryGetProperty("esdl_base64string", out var b64) || b64.ValueKind != JsonValueKind.String)
            {
                throw new InputException("not a DOTS simulation request: no 'esdl_base64string'", path);
            }

            string xml;
            try
            {
                xml = Encoding.UTF8.GetString(Convert.FromBase64String(b64.GetString()!));
            }
            catch (FormatException)
            {
                throw new InputException("'esdl_base64string' is not valid base64", path);
            }

            DateTime? start = null;
            if (root.TryGetProperty("start_date", out var s) && s.ValueKind == JsonValueKind.String)
            {
                if (!DateTime.TryParse(s.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
                {
                    throw new InputException($"start_date '{s.GetString()}' is not a date", path);
                }

                start = DateTime.SpecifyKind(d, DateTimeKind.Utc);
            }

            long? duration = root.TryGetProperty("simulation_duration_in_seconds", out var du) && du.TryGetInt64(out var secs) ? secs : null;
            string? name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var system = EsdlReader.ReadString(xml, path + "#esdl_base64string");
            return new LoadedInput(system, path, hash, name, start, duration);
        }
    }
}
