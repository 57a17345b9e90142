using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Tests.Weather;

/// <summary>Plain CSV: aliases, units, time offsets and the errors a user gets.</summary>
public sealed class CsvWeatherReaderTests
{
    [Fact]
    public void Named_columns_with_units_read_in_series_units()
    {
        using var f = new TempWeatherFile("""
            time,ghi [W/m2],temp_air [degC],wind_speed [m/s]
            2024-06-01T10:00:00Z,500,20.5,3
            2024-06-01T11:00:00Z,600,21.5,4
            2024-06-01T12:00:00Z,650,22,5
            """);
        Assert.Equal(WeatherFormat.Csv, WeatherReader.Detect(f.Path));
        var s = WeatherReader.Read(f.Path);
        Assert.Equal(3, s.Count);
        Assert.Equal(3600, s.StepSeconds);
        Assert.Equal(new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal([500.0, 600, 650], s.Ghi);
        Assert.Equal([20.5, 21.5, 22], s.AirTemperature);
        Assert.Equal([3.0, 4, 5], s.WindSpeed);
        Assert.All(s.Dni, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Aliases_and_units_are_converted()
    {
        // 15-minute steps: 90 Wh/m² per step = 360 W/m²; 54 J/cm² per step = 540000 J/m² / 900 s = 600 W/m²;
        // 0.2 kW/m² = 200 W/m²; 293.15 K = 20 °C; 68 °F = 20 °C; 36 km/h = 10 m/s; 1013 hPa; 50 % clouds; 0.5 humidity fraction.
        using var f = new TempWeatherFile("""
            timestamp;GHI [Wh/m2];dni [J/cm2];diffuse_horizontal [kW/m2];T [K];dew_point [degF];wind [km/h];sp [hPa];clouds [%];rh [0..1]
            2024-06-01T12:00:00+02:00;90;54;0.2;293.15;68;36;1013;50;0.5
            2024-06-01T12:15:00+02:00;100;0;0;273.15;32;0;1000;100;1
            """);
        var s = WeatherReader.Read(f.Path);
        Assert.Equal(900, s.StepSeconds);
        Assert.Equal(new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(2, s.Location.UtcOffsetHours);
        Assert.Equal(360, s.Ghi[0], 9);
        Assert.Equal(400, s.Ghi[1], 9);
        Assert.Equal(600, s.Dni[0], 9);
        Assert.Equal(200, s.Dhi[0], 9);
        Assert.Equal(20, s.AirTemperature[0], 9);
        Assert.Equal(0, s.AirTemperature[1], 9);
        Assert.Equal(20, s.DewPoint[0], 9);
        Assert.Equal(0, s.DewPoint[1], 9);
        Assert.Equal(10, s.WindSpeed[0], 9);
        Assert.Equal(101_300, s.Pressure[0], 9);
        Assert.Equal(0.5, s.CloudCover[0], 12);
        Assert.Equal(50, s.RelativeHumidity[0], 9);
    }

    [Fact]
    public void Times_without_offset_need_the_clock()
    {
        const string text = """
            time,ghi,temperature
            2024-01-01 00:00,0,1
            2024-01-01 01:00,0,2
            """;
        using var f = new TempWeatherFile(text);
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(f.Path));
        Assert.Equal(2, ex.Line);
        Assert.Contains("has no UTC offset", ex.Message);

        var s = WeatherReader.Read(f.Path, new WeatherReadOptions { UtcOffsetHours = 1 });
        Assert.Equal(new DateTime(2023, 12, 31, 23, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(1, s.Location.UtcOffsetHours);
        Assert.Equal([1.0, 2], s.AirTemperature);
    }

    [Fact]
    public void Interval_end_stamps_move_to_the_interval_they_close()
    {
        using var f = new TempWeatherFile("""
            period_end,ghi
            2024-06-01T11:00Z,500
            2024-06-01T12:00Z,600
            """);
        var s = WeatherReader.Read(f.Path);
        Assert.Equal(new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(500, s.Ghi[0]);
    }

    [Fact]
    public void Empty_and_NA_cells_are_missing_and_counted_in_a_note()
    {
        using var f = new TempWeatherFile("time,ghi,temp_air\n2024-06-01T10:00Z,,null\n2024-06-01T11:00Z,5,NA\n2024-06-01T12:00Z,7,20\n");
        var s = WeatherReader.Read(f.Path);
        Assert.True(double.IsNaN(s.Ghi[0]));
        Assert.True(double.IsNaN(s.AirTemperature[0]));
        Assert.True(double.IsNaN(s.AirTemperature[1]));
        Assert.Equal(5, s.Ghi[1]);
        Assert.Contains(s.Notes, n => n.Contains("ghi 1 (first: line 2)", StringComparison.Ordinal) && n.Contains("temp_air 2 (first: line 2)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("NaN", "not a finite number")]
    [InlineData("Infinity", "not a finite number")]
    [InlineData("71", "71 degC is outside the physical range of air temperature [-90 … 70] degC")]
    [InlineData("-90.5", "[-90 … 70] degC")]
    public void A_temperature_that_is_not_finite_or_out_of_range_is_refused_with_line_and_column(string cell, string message)
    {
        using var f = new TempWeatherFile($"time,ghi,temp_air [degC]\n2024-06-01T10:00Z,1,20\n2024-06-01T11:00Z,5,{cell}\n");
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(f.Path));
        Assert.Equal(3, ex.Line);
        Assert.Contains("column 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranges_are_checked_after_the_unit_conversion()
    {
        using var ok = new TempWeatherFile("time,temp_air [K],wind_speed [km/h]\n2024-06-01T10:00Z,290,36\n2024-06-01T11:00Z,300,400\n");
        var s = WeatherReader.Read(ok.Path);
        Assert.Equal(26.85, s.AirTemperature[1], 9);
        Assert.Equal(400 / 3.6, s.WindSpeed[1], 9);
        using var bad = new TempWeatherFile("time,temp_air [K],wind_speed [km/h]\n2024-06-01T10:00Z,290,36\n2024-06-01T11:00Z,300,500\n");
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(bad.Path));
        Assert.Contains("500 (= 138.888889 m/s) is outside the physical range of wind speed [0 … 120] m/s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_column_names_the_file_line_1_and_the_column()
    {
        using var f = new TempWeatherFile("time,ghi,sunshine_hours\n2024-06-01T10:00Z,1,2\n");
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(f.Path));
        Assert.Equal(f.Path, ex.File);
        Assert.Equal(1, ex.Line);
        Assert.Contains("column 3 'sunshine_hours': unknown quantity", ex.Message);
        Assert.StartsWith($"{f.Path}:1: ", ex.Located, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_unit_names_the_column_and_the_allowed_units()
    {
        using var f = new TempWeatherFile("time,ghi [W/m2],temp_air [Rankine]\n2024-06-01T10:00Z,1,2\n");
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(f.Path));
        Assert.Equal(1, ex.Line);
        Assert.Contains("column 3 'temp_air [Rankine]': unit 'Rankine' is not a unit of air temperature; use degC, K, degF", ex.Message);
    }

    [Fact]
    public void Gap_names_both_lines()
    {
        var lines = new List<string> { "time,ghi" };
        for (int h = 0; h < 40; h++)
        {
            if (h != 36)
            {
                lines.Add(new DateTime(2024, 6, 1).AddHours(h).ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture) + ",1");
            }
        }

        using var f = new TempWeatherFile(string.Join('\n', lines));
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(f.Path));
        Assert.Equal(38, ex.Line);
        Assert.Contains("gap between line 37 (2024-06-02 11:00 UTC) and line 38 (2024-06-02 13:00 UTC): 2 h apart, the step is 1 h (1 interval(s) missing)", ex.Message);
    }

    [Fact]
    public void Backward_time_names_both_lines()
    {
        using var f = new TempWeatherFile("time,ghi\n2024-06-01T10:00Z,1\n2024-06-01T11:00Z,1\n2024-06-01T10:30Z,1\n");
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(f.Path));
        Assert.Equal(4, ex.Line);
        Assert.Contains("time does not increase between line 3 (2024-06-01 11:00 UTC) and line 4 (2024-06-01 10:30 UTC)", ex.Message);
    }

    [Fact]
    public void Bad_number_names_line_and_column()
    {
        using var f = new TempWeatherFile("time,ghi,temp_air\n2024-06-01T10:00Z,1,2\n2024-06-01T11:00Z,1,2,5\n");
        var fields = Assert.Throws<InputException>(() => WeatherReader.Read(f.Path));
        Assert.Equal(3, fields.Line);
        Assert.Contains("4 fields, the header has 3", fields.Message);

        using var g = new TempWeatherFile("time,ghi,temp_air\n2024-06-01T10:00Z,1,2\n2024-06-01T11:00Z,1,2,5\n".Replace("1,2,5", "1,2.x", StringComparison.Ordinal));
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(g.Path));
        Assert.Equal(3, ex.Line);
        Assert.Equal($"{g.Path}:3: column 3 (temp_air): '2.x' is not a number", ex.Located);
    }
}
