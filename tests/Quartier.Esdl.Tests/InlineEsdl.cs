namespace Quartier.Esdl.Tests;

/// <summary>Small ESDL documents for focused reader tests.</summary>
internal static class InlineEsdl
{
    /// <summary>An energy system with <paramref name="assets"/> in its one area and optional energySystemInformation content.</summary>
    public static string System(string assets, string info = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <esdl:EnergySystem xmlns:esdl="http://www.tno.nl/esdl" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="es-1" name="Inline">
          <energySystemInformation xsi:type="esdl:EnergySystemInformation" id="info-1">
        {info}
          </energySystemInformation>
          <instance xsi:type="esdl:Instance" id="inst-1" name="Instance">
            <area xsi:type="esdl:Area" id="area-1" name="Area">
        {assets}
            </area>
          </instance>
        </esdl:EnergySystem>
        """;

    /// <summary>An ElectricityDemand whose one port carries <paramref name="profile"/>.</summary>
    public static string DemandWithProfile(string profile) => System($"""
        <asset xsi:type="esdl:ElectricityDemand" id="demand-1" name="Demand">
          <port xsi:type="esdl:InPort" id="demand-in" name="In">
            {profile}
          </port>
        </asset>
        """);

    /// <summary>1-based line of the first occurrence of <paramref name="marker"/> in <paramref name="xml"/>.</summary>
    public static int LineOf(string xml, string marker)
    {
        int index = xml.IndexOf(marker, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new ArgumentException($"'{marker}' not in document", nameof(marker));
        }

        return xml.AsSpan(0, index).Count('\n') + 1;
    }
}
