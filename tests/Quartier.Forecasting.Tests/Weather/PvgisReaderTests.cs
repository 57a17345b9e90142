using Quartier.Core.Errors;
using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Tests.Weather;

/// <summary>PVGIS TMY CSV and PVGIS hourly (plane-of-array) series.</summary>
public sealed class PvgisReaderTests
{
    private static readonly string Tmy = ReferenceData.Path("weather/tmy_45.000_8.000_2005_2023.csv");
    private static readonly string Hourly = ReferenceData.Path("weather/pvgis_hourly_Timeseries_45.000_8.000_SA_30deg_0deg_2016_2016.csv");

    [Fact]
    public void Tmy_csv_reads_a_continuous_utc_year_on_the_first_records_year()
    {
        var s = WeatherReader.Read(Tmy);
        Assert.Equal(WeatherFormat.PvgisTmy, WeatherReader.Detect(Tmy));
        Assert.Equal(8760, s.Count);
        Assert.Equal(new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(new WeatherLocation(45, 8, 250, 0, "PVGIS TMY"), s.Location);
        Assert.Contains(s.Notes, n => n.Contains("records from 2006–2020 put on calendar year 2018", StringComparison.Ordinal));

        // 20180101:0000,2.04,94.38,0.0,-0.0,0.0,283.58,0.75,257.0,99870.0
        Assert.Equal(2.04, s.AirTemperature[0]);
        Assert.Equal(94.38, s.RelativeHumidity[0]);
        Assert.Equal(0.75, s.WindSpeed[0]);
        Assert.Equal(99_870, s.Pressure[0]);
        Assert.True(double.IsNaN(s.DewPoint[0]));
        Assert.True(double.IsNaN(s.CloudCover[0]));

        // 20060601:1100,19.34,27.3,971.0,864.66,176.0,… → 2018-06-01 11:00 UTC.
        int i = (int)(new DateTime(2018, 6, 1, 11, 0, 0, DateTimeKind.Utc) - s.Start).TotalHours;
        Assert.Equal(971, s.Ghi[i]);
        Assert.Equal(864.66, s.Dni[i]);
        Assert.Equal(176, s.Dhi[i]);
        Assert.Equal(19.34, s.AirTemperature[i]);

        // Last row 20161231:2300 → the last hour of 2018.
        Assert.Equal(2.1, s.AirTemperature[^1]);
        Assert.Equal(new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.End);
    }

    [Fact]
    public void Tmy_csv_can_be_put_on_a_given_year()
    {
        var s = WeatherReader.Read(Tmy, new WeatherReadOptions { Year = 2030 });
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(8760, s.Count);
    }

    [Fact]
    public void Hourly_series_gives_plane_of_array_components()
    {
        var s = WeatherReader.Read(Hourly);
        Assert.Equal(WeatherFormat.PvgisHourly, WeatherReader.Detect(Hourly));

        // Rows 20160101:0010 … 20160101:1310 → 14 hours from 00:00 UTC.
        Assert.Equal(14, s.Count);
        Assert.Equal(new DateTime(2016, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(45, s.Location.Latitude);
        Assert.Equal(8, s.Location.Longitude);
        Assert.Equal(250, s.Location.ElevationM);
        Assert.Equal("PVGIS hourly (PVGIS-SARAH)", s.Location.Name);
        Assert.Contains(s.Notes, n => n.Contains("hh:10 (its centre shift)", StringComparison.Ordinal));

        var poa = Assert.IsType<PlaneOfArraySeries>(s.PlaneOfArray);
        Assert.Equal(30, poa.SlopeDegrees);
        Assert.Equal(0, poa.AzimuthDegrees);
        Assert.Equal(s.Start, poa.Start);
        Assert.Equal(14, poa.Count);

        // 20160101:0810,26.71,8.28,0.21,8.06,3.87,1.22,1.0 → the hour 08:00–09:00 UTC.
        Assert.Equal(26.71, poa.Beam[8]);
        Assert.Equal(8.28, poa.Diffuse[8]);
        Assert.Equal(0.21, poa.Reflected[8]);
        Assert.Equal(8.06, poa.SunHeight[8]);
        Assert.Equal(26.71 + 8.28 + 0.21, poa.Total[8], 12);
        Assert.Equal(3.87, s.AirTemperature[8]);
        Assert.Equal(1.22, s.WindSpeed[8]);
        Assert.Equal(2.11, poa.Beam[11]);
        Assert.Equal(21.82, poa.SunHeight[11]);
        Assert.Equal(7.43, s.AirTemperature[13]);

        // No horizontal irradiance in this file.
        Assert.All(s.Ghi, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void A_missing_pvgis_hour_is_nan_with_a_note()
    {
        var lines = File.ReadAllLines(Hourly).Where(l => !l.StartsWith("20160101:1110", StringComparison.Ordinal));
        using var tmp = new TempWeatherFile(string.Join('\n', lines));
        var s = WeatherReader.Read(tmp.Path);
        Assert.Equal(14, s.Count);
        Assert.Contains(s.Notes, n => n.Contains("1 missing interval(s) filled with NaN (first: 2016-01-01 11:00 UTC)", StringComparison.Ordinal));
        Assert.True(double.IsNaN(s.PlaneOfArray!.Beam[11]));
        Assert.True(double.IsNaN(s.AirTemperature[11]));
        Assert.Equal(4.25, s.PlaneOfArray.Beam[12]);
    }

    [Fact]
    public void Bad_number_in_a_pvgis_row_names_line_and_column()
    {
        var text = File.ReadAllText(Hourly).Replace("20160101:0310,0.0,0.0,0.0,0.0,1.93", "20160101:0310,0.0,0.0,0.0,0.0,x1.93", StringComparison.Ordinal);
        using var tmp = new TempWeatherFile(text);
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(tmp.Path));
        Assert.Equal(13, ex.Line);
        Assert.Contains("column 6 (T2m): 'x1.93' is not a number", ex.Message);
    }
}
