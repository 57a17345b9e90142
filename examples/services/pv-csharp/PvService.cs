using Quartier.Services;

// A PV calculation service in C# for Quartier: the same formula as examples/services/pv-python, one class.
var service = new PvInstallationCSharp();
service.StartSimulation();
service.StopSimulation();

internal sealed class PvInstallationCSharp : CalculationServiceBase
{
    private readonly Dictionary<string, (double Factor, double Cap)> _pv = new(StringComparer.Ordinal);
    private readonly double _ratio = double.Parse(Environment.GetEnvironmentVariable("PERFORMANCE_RATIO") ?? "0.85", System.Globalization.CultureInfo.InvariantCulture);
    private readonly Dictionary<string, double> _answer = new(StringComparer.Ordinal);

    public override void InitCalculationService(EnergySystem energySystem)
    {
        foreach (var id in SimulatorConfiguration.EsdlIds)
        {
            var pv = energySystem[id];
            _pv[id] = pv.Number("surfaceArea") is { } area && pv.Number("panelEfficiency") is { } efficiency
                ? (area * efficiency, pv.Number("power") is > 0 and var p ? p : double.PositiveInfinity)
                : (pv.Number("power")!.Value / 1000.0, double.PositiveInfinity);
        }

        Console.Error.WriteLine($"PV service ready for {_pv.Count} installations");
    }

    public IReadOnlyDictionary<string, double> PvProduction(ParamDict paramDict, DateTime simulationTime, TimeStepInformation timeStepNumber, string esdlId, EnergySystem energySystem)
    {
        double irradiance = paramDict.Single("solar_irradiance");
        InfluxConnector.SetTimeStepDataPoint(esdlId, "irradiance_seen", simulationTime, irradiance);
        var (factor, cap) = _pv[esdlId];
        _answer["potential_active_power"] = Math.Min(Math.Max(0.0, factor * irradiance * _ratio), cap);
        return _answer;
    }
}
