using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Esdl;

/// <summary>An environment variable a DOTS request passes to a service's models (<c>additional_env_variable[]</c>).</summary>
public sealed record DotsEnvironmentVariable(string Name, string Value);

/// <summary>
/// One entry of a DOTS request's <c>calculation_services</c>: the ESDL type it simulates, the service's name and image,
/// how many models share the objects (0 = one per object) and extra environment variables. Unknown members (e.g.
/// <c>amount_of_calculations</c>) are ignored, as DOTS's orchestrator ignores them.
/// </summary>
public sealed record DotsCalculationService(string EsdlType, string Name, string? ImageUrl, int NrOfModels, IReadOnlyList<DotsEnvironmentVariable> Environment)
{
    /// <summary>Reads the list; <paramref name="error"/> builds a refusal from a message and the field path.</summary>
    internal static IReadOnlyList<DotsCalculationService> ReadList(JsonElement list, Func<string, string, InputException> error)
    {
        const string Member = DotsRequest.ServicesMember;
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw error($"'{Member}' is {JsonText.Kind(list)}, expected an array of {{esdl_type, calc_service_name, …}}", Member);
        }

        var services = new List<DotsCalculationService>();
        int i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = $"{Member}[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw error($"'{at}' is {JsonText.Kind(item)}, expected an object with esdl_type and calc_service_name", at);
            }

            string Text(string name, bool required)
            {
                if (item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()))
                {
                    return v.GetString()!.Trim();
                }

                if (!required && (!item.TryGetProperty(name, out v) || v.ValueKind == JsonValueKind.Null))
                {
                    return string.Empty;
                }

                throw error($"'{at}.{name}' is {(item.TryGetProperty(name, out v) ? JsonText.Kind(v) : "missing")}, expected a non-empty text", $"{at}.{name}");
            }

            var esdlType = Text("esdl_type", required: true);
            var name = Text("calc_service_name", required: true);
            var image = Text("service_image_url", required: false);
            int models = 1;
            if (item.TryGetProperty("nr_of_models", out var m) && m.ValueKind != JsonValueKind.Null)
            {
                if (!JsonText.TryNumber(m, out var count) || count < 0 || count > 100_000 || count != Math.Floor(count))
                {
                    throw error($"'{at}.nr_of_models' is {JsonText.Kind(m)}, expected a whole number ≥ 0 (0 = one model per object)", $"{at}.nr_of_models");
                }

                models = (int)count;
            }

            var env = new List<DotsEnvironmentVariable>();
            if (item.TryGetProperty("additional_env_variable", out var vars) && vars.ValueKind != JsonValueKind.Null)
            {
                if (vars.ValueKind != JsonValueKind.Array)
                {
                    throw error($"'{at}.additional_env_variable' is {JsonText.Kind(vars)}, expected an array of {{name, value}}", $"{at}.additional_env_variable");
                }

                foreach (var v in vars.EnumerateArray())
                {
                    if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String)
                    {
                        throw error($"'{at}.additional_env_variable' holds {JsonText.Kind(v)}, expected {{\"name\": …, \"value\": …}}", $"{at}.additional_env_variable");
                    }

                    var value = v.TryGetProperty("value", out var val) ? (val.ValueKind == JsonValueKind.String ? val.GetString()! : val.GetRawText()) : string.Empty;
                    env.Add(new DotsEnvironmentVariable(n.GetString()!, value));
                }
            }

            services.Add(new DotsCalculationService(esdlType, name, image.Length == 0 ? null : image, models, env));
            i++;
        }

        return services;
    }
}
