using Quartier.Core.Errors;

namespace Quartier.Esdl.Tests;

/// <summary>Measures: single-value costs by name (as before) and DateTimeProfile / TimeSeriesProfile costs in document order.</summary>
public sealed class MeasureReaderTests
{
    private static string WithMeasure(string name, string cost) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <esdl:EnergySystem xmlns:esdl="http://www.tno.nl/esdl" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="es-1" name="Inline">
          <measures xsi:type="esdl:Measures" id="ms">
            <measure xsi:type="esdl:Measure" id="m1" name="{name}">
              <costInformation xsi:type="esdl:CostInformation" id="ci">
                {cost}
              </costInformation>
            </measure>
          </measures>
        </esdl:EnergySystem>
        """;

    [Fact]
    public void A_DateTimeProfile_cost_keeps_its_values_in_document_order_with_its_start_and_step()
    {
        // elements out of time order: DOTS uses the values by position, so document order is kept
        var xml = WithMeasure("variable_tariff", """
            <variableOperationalCosts xsi:type="esdl:DateTimeProfile" id="p">
              <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:00:00" to="2020-08-11T00:15:00" value="0.05"/>
              <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:30:00" to="2020-08-11T00:45:00" value="0.10"/>
              <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:15:00" to="2020-08-11T00:30:00"/>
            </variableOperationalCosts>
            """);
        var measure = Assert.Single(EsdlReader.ReadString(xml).Measures);
        var cost = measure.Cost("variableOperationalCosts");
        Assert.NotNull(cost);
        Assert.Equal("DateTimeProfile", cost.Type);
        Assert.Equal([0.05, 0.10, 0.0], cost.Values);
        Assert.Equal(new DateTime(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc), cost.Start);
        Assert.Equal(900, cost.StepSeconds);
        Assert.Empty(measure.Costs);
    }

    [Fact]
    public void A_TimeSeriesProfile_cost_and_a_single_value_are_read()
    {
        var xml = WithMeasure("variable_peak_tariff", """
            <variableOperationalCosts xsi:type="esdl:TimeSeriesProfile" id="p" startDateTime="2020-08-11T00:00:00" timestep="900" values="2.288 3.432,4.29"/>
            <fixedOperationalCosts xsi:type="esdl:SingleValue" id="s" name="fee" value="12.5"/>
            """);
        var measure = Assert.Single(EsdlReader.ReadString(xml).Measures);
        Assert.Equal([2.288, 3.432, 4.29], measure.Cost("variableOperationalCosts")!.Values);
        Assert.Equal(900, measure.Cost("variableOperationalCosts")!.StepSeconds);
        Assert.Equal(12.5, measure.Costs["fee"]);
        Assert.True(measure.Cost("fixedOperationalCosts")!.IsSingleValue);
    }

    [Fact]
    public void A_non_numeric_tariff_value_is_an_error_naming_the_measure_and_line()
    {
        var xml = WithMeasure("variable_tariff", """
            <variableOperationalCosts xsi:type="esdl:DateTimeProfile" id="p">
              <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:00:00" to="2020-08-11T00:15:00" value="0.05"/>
              <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:15:00" to="2020-08-11T00:30:00" value="cheap"/>
            </variableOperationalCosts>
            """);
        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml, "t.esdl"));
        Assert.Contains("measure 'variable_tariff'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'cheap'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("m1", ex.ElementId);
        Assert.Equal(InlineEsdl.LineOf(xml, "value=\"cheap\""), ex.Line);
    }

    [Fact]
    public void A_profile_cost_without_values_is_an_error_naming_the_measure()
    {
        var xml = WithMeasure("variable_tariff", """<variableOperationalCosts xsi:type="esdl:DateTimeProfile" id="p"/>""");
        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml, "t.esdl"));
        Assert.Contains("measure 'variable_tariff'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no elements", ex.Message, StringComparison.Ordinal);
    }
}
