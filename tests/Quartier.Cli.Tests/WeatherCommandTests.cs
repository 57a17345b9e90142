using System.Text.Json;

namespace Quartier.Cli.Tests;

/// <summary>End-to-end: <c>quartier weather show</c> on the reference weather files, and bad input exiting 2.</summary>
public sealed class WeatherCommandTests
{
    [Fact]
    public void Amsterdam_epw_shows_8760_hours_and_its_year()
    {
        var (code, stdout, stderr) = Cli.Run("weather", "show", Cli.Reference("weather/NLD_Amsterdam062400_IWEC.epw"));
        Assert.True(code == 0, stderr);
        Assert.Contains("Records:   8760", stdout);
        Assert.Contains("EPW (EnergyPlus weather)", stdout);
        Assert.Contains("AMSTERDAM, NLD; 52.3000° N, 4.7700° E", stdout);
        Assert.Contains("first interval 1994-12-31 23:00 UTC (1995-01-01 00:00 UTC+01:00)", stdout);
        Assert.Contains("last interval 1995-12-31 22:00 UTC (1995-12-31 23:00 UTC+01:00)", stdout);
        Assert.Contains("Step:      3600 s (1 h)", stdout);
        Assert.Contains("1995-06", stdout);
        Assert.Contains("982.5", stdout); // annual GHI, kWh/m²
    }

    [Fact]
    public void Json_summary_of_the_pvgis_tmy_epw()
    {
        var (code, stdout, stderr) = Cli.Run("weather", "show", Cli.Reference("weather/tmy_45.000_8.000_2005_2023.epw"), "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("epw", root.GetProperty("format").GetString());
        Assert.Equal(8760, root.GetProperty("records").GetInt32());
        Assert.Equal(3600, root.GetProperty("step_seconds").GetInt32());
        Assert.Equal("2018-01-01T00:00:00Z", root.GetProperty("first_interval_utc").GetString());
        Assert.Equal(45, root.GetProperty("location").GetProperty("latitude").GetDouble());
        Assert.Equal(1435.861, root.GetProperty("ghi_kwh_m2").GetDouble(), 9);
        Assert.Equal(0, root.GetProperty("available").GetProperty("cloud_cover").GetInt32());
        Assert.Equal(12, root.GetProperty("monthly").GetArrayLength());
        Assert.Equal(744, root.GetProperty("monthly")[0].GetProperty("intervals").GetInt32());

        // Forcing a format the file is not: a clear error, exit 2.
        var wrong = Cli.Run("weather", "show", Cli.Reference("weather/tmy_45.000_8.000_2005_2023.epw"), "--format", "pvgis-tmy");
        Assert.Equal(2, wrong.Code);
        Assert.Contains("no 'time(UTC),…' header line", wrong.Err);
    }

    [Fact]
    public void Pvgis_hourly_shows_the_plane_of_array()
    {
        var (code, stdout, stderr) = Cli.Run("weather", "show", Cli.Reference("weather/pvgis_hourly_Timeseries_45.000_8.000_SA_30deg_0deg_2016_2016.csv"));
        Assert.True(code == 0, stderr);
        Assert.Contains("Records:   14", stdout);
        Assert.Contains("Plane of array: slope 30°, azimuth 0°", stdout);
    }

    [Fact]
    public void Malformed_file_exits_2_naming_file_and_line()
    {
        using var tmp = new TempDir();
        var path = tmp.File("broken_weather.csv");
        File.WriteAllText(path, "time,ghi [W/m2],temp_air [degC]\n2024-06-01T10:00Z,500,20\n2024-06-01T11:00Z,6o0,21\n");
        var (code, stdout, stderr) = Cli.Run("weather", "show", path);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var message = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("broken_weather.csv:3:", message);
        Assert.Contains("column 2 (ghi [W/m2]): '6o0' is not a number", message);

        var gap = tmp.File("gap.csv");
        File.WriteAllText(gap, "time,ghi\n2024-06-01T10:00Z,1\n2024-06-01T11:00Z,1\n2024-06-01T13:00Z,1\n");
        var g = Cli.Run("weather", "show", gap);
        Assert.Equal(2, g.Code);
        Assert.Contains("gap.csv:4: gap between line 3 (2024-06-01 11:00 UTC) and line 4 (2024-06-01 13:00 UTC)", g.Err);

        Assert.Equal(2, Cli.Run("weather", "show", tmp.File("missing.epw")).Code);
        Assert.Equal(2, Cli.Run("weather", "show", path, "--format", "klingon").Code);
    }
}
