using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Core.Model;
using Quartier.Core.Units;

namespace Quartier.Esdl;

/// <summary>Per-asset checks: numbers within their physical ranges, attributes a service needs present.</summary>
public sealed partial class EsdlReader
{
    /// <summary>Every numeric attribute and description-JSON parameter Quartier reads, against <see cref="EsdlRanges"/>.</summary>
    private void CheckRanges(Asset asset, XElement element)
    {
        var line = LineOf(element);
        foreach (var (name, text) in asset.Attributes)
        {
            if (EsdlRanges.Attribute(asset.Kind, name) is { } range)
            {
                range.Check(ParseDouble(text, element, name), name, _file, line, asset.Id);
            }
        }

        if (asset.Parameters is not { } parameters)
        {
            return;
        }

        foreach (var property in parameters.EnumerateObject())
        {
            if (EsdlRanges.Parameter(asset.Kind, property.Name) is not { } range)
            {
                continue;
            }

            var field = $"description.{property.Name}";
            if (property.Value.ValueKind == JsonValueKind.Number)
            {
                range.Check(property.Value.GetDouble(), field, _file, line, asset.Id);
            }
            else if (property.Value.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Number)
                    {
                        throw new InputException($"'{field}[{i}]' is {JsonText.Kind(item)}, expected a number in {range}", _file, line, asset.Id, field: field);
                    }

                    range.Check(item.GetDouble(), $"{field}[{i}]", _file, line, asset.Id);
                    i++;
                }
            }
            else
            {
                throw new InputException($"'{field}' is {JsonText.Kind(property.Value)}, expected a number in {range}", _file, line, asset.Id, field: field);
            }
        }

        if (asset.Kind == AssetKind.Battery && asset.ParameterOr("min_soc", 0) > asset.ParameterOr("max_soc", 1))
        {
            throw new InputException($"Battery '{asset.Name}': description min_soc {asset.ParameterOr("min_soc", 0)} is above max_soc {asset.ParameterOr("max_soc", 1)}", _file, line, asset.Id, field: "description.min_soc");
        }
    }

    private void CheckRequired(Asset asset, XElement element)
    {
        CheckRanges(asset, element);
        void Require(params string[] names)
        {
            foreach (var name in names)
            {
                if (asset.Attribute(name) is null)
                {
                    throw new InputException($"{asset.Type} '{asset.Name}' lacks the required attribute '{name}'", _file, LineOf(element), asset.Id, field: name);
                }

                _ = asset.RequiredDouble(name);
            }
        }

        switch (asset.Kind)
        {
            case AssetKind.Battery:
                Require("capacity");
                break;
            case AssetKind.PVInstallation:
                if (asset.Attribute("power") is null)
                {
                    Require("surfaceArea", "panelEfficiency");
                }

                break;
            case AssetKind.EVChargingStation:
                Require("power");
                break;
            case AssetKind.HybridHeatPump:
                Require("heatPumpThermalPower");
                break;
            case AssetKind.HeatPump:
                if (asset.Attribute("power") is null)
                {
                    Require("heatPumpThermalPower");
                }

                break;
        }
    }
}
