using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Quartier.Grid.Network;

/// <summary>
/// Cable lengths from ESDL <c>geometry</c> (esdl:Line with WGS84 points) for cables without a <c>length</c>
/// attribute: the great-circle (haversine) length of the polyline in metres, by cable id.
/// </summary>
internal static class CableGeometry
{
    private const double EarthRadiusM = 6_371_000;

    public static Dictionary<string, double> LengthsFromFile(string path)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(path, settings);
        var doc = XDocument.Load(reader);
        foreach (var asset in doc.Descendants().Where(e => e.Name.LocalName == "asset"))
        {
            var type = asset.Attributes().FirstOrDefault(a => a.Name.LocalName == "type")?.Value;
            var id = asset.Attribute("id")?.Value;
            if (type is null || !type.EndsWith("ElectricityCable", StringComparison.Ordinal) || id is null)
            {
                continue;
            }

            var geometry = asset.Elements().FirstOrDefault(e => e.Name.LocalName == "geometry");
            if (geometry is null)
            {
                continue;
            }

            double length = 0;
            (double Lat, double Lon)? previous = null;
            foreach (var point in geometry.Elements().Where(e => e.Name.LocalName == "point"))
            {
                if (!double.TryParse(point.Attribute("lat")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                    || !double.TryParse(point.Attribute("lon")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
                {
                    continue;
                }

                if (previous is { } p)
                {
                    length += Haversine(p.Lat, p.Lon, lat, lon);
                }

                previous = (lat, lon);
            }

            if (length > 0)
            {
                result[id] = length;
            }
        }

        return result;
    }

    public static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180.0;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
