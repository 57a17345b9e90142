using Quartier.Esdl;

namespace Quartier.Application.Dots;

/// <summary>One of DOTS's models: <c>sanitize(calc_service_name)-i</c>, the service it runs and the ESDL objects it serves.</summary>
public sealed record DotsModel(string ModelId, DotsCalculationService Service, IReadOnlyList<(string Id, string Name)> Objects);

/// <summary>
/// How DOTS's orchestrator splits a request's objects over models: per service, the objects of its ESDL type in ESDL
/// order (the energy system itself for <c>EnergySystem</c>), <c>ceil(objects / nr_of_models)</c> per model, or one per
/// object when <c>nr_of_models</c> is 0; a service with no objects still has its one model.
/// </summary>
public static class DotsModels
{
    public static IReadOnlyList<DotsModel> Of(DotsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var models = new List<DotsModel>();
        foreach (var s in request.Services)
        {
            var objects = s.EsdlType == DotsSchema.EnergySystem
                ? [(request.System.Id, request.System.Name)]
                : request.System.Assets.Where(a => a.Type == s.EsdlType).Select(a => (a.Id, a.Name)).ToList();
            int chunk = s.NrOfModels == 0 ? 1 : Math.Max(1, (int)Math.Ceiling(objects.Count / (double)s.NrOfModels));
            for (int i = 0, m = 1; i < Math.Max(1, objects.Count); i += chunk, m++)
            {
                models.Add(new DotsModel($"{Sanitize(s.Name)}-{m}", s, [.. objects.Skip(i).Take(chunk)]));
            }
        }

        return models;
    }

    /// <summary>DOTS's sanitize: lower case, drop characters outside [a-z0-9- ], strip trailing non-alphanumerics, spaces to '-'.</summary>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kept = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or ' ')
            {
                kept.Append(c);
            }
        }

        var s = kept.ToString();
        int end = s.Length;
        while (end > 0 && !char.IsAsciiLetterOrDigit(s[end - 1]))
        {
            end--;
        }

        return s[..end].Replace(' ', '-');
    }
}
