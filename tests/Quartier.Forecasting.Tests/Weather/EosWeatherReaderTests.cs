using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Tests.Weather;

/// <summary>The EOS provider fixtures: Bright Sky and Open-Meteo API responses, EOS weather records (incl. ClearOutside).</summary>
public sealed class EosWeatherReaderTests
{
    [Fact]
    public void Bright_sky_response_becomes_hourly_means_in_si_units()
    {
        var path = ReferenceData.Path("eos/weatherforecast_brightsky_1.json");
        Assert.Equal(WeatherFormat.BrightSky, WeatherReader.Detect(path));
        var s = WeatherReader.Read(path);

        // 50 stamps 2024-10-26T00:00+02:00 … 2024-10-28T00:00+01:00 (through the end of summer time) → 49 hours from 25 Oct 22:00 UTC.
        Assert.Equal(49, s.Count);
        Assert.Equal(new DateTime(2024, 10, 25, 22, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(3600, s.StepSeconds);
        Assert.Equal(49.9694, s.Location.Latitude);
        Assert.Equal(9.9114, s.Location.Longitude);
        Assert.Equal(216.5, s.Location.ElevationM);
        Assert.Equal(1, s.Location.UtcOffsetHours);
        Assert.Equal("Bright Sky: Arnstein-Müdesheim", s.Location.Name);

        // Hour 0: temperature (6.2 + 6.6)/2 °C; wind = mean of the preceding hour stamped 01:00 = 6.1 km/h; cloud 100 %.
        Assert.Equal(6.4, s.AirTemperature[0], 12);
        Assert.Equal(6.1 / 3.6, s.WindSpeed[0], 12);
        Assert.Equal(1.0, s.CloudCover[0], 12);
        Assert.Equal((5.8 + 6.3) / 2, s.DewPoint[0], 12);

        // Hour 17 (17:00–18:00 local): temperatures 12.8 and 9.9 at its ends, wind 6.8 km/h stamped 18:00, pressure_msl
        // 1019.2 and 1018.8 hPa reduced to 216.5 m.
        Assert.Equal((12.8 + 9.9) / 2, s.AirTemperature[17], 12);
        Assert.Equal(6.8 / 3.6, s.WindSpeed[17], 12);
        double reduction = Math.Pow(1 - (2.25577e-5 * 216.5), 5.25588);
        Assert.Equal(101_900 * reduction, s.Pressure[17], 6);
        Assert.InRange(s.Pressure[17], 99_300, 99_500);

        // Bright Sky's solar is null in every record of this fixture.
        Assert.All(s.Ghi, v => Assert.True(double.IsNaN(v)));
        Assert.Contains(s.Notes, n => n.Contains("GHI is NaN", StringComparison.Ordinal));
    }

    [Fact]
    public void Bright_sky_solar_kwh_per_hour_becomes_mean_watts_of_the_preceding_hour()
    {
        using var tmp = new TempWeatherFile("""
            {"weather": [
              {"timestamp": "2024-06-01T10:00:00+00:00", "temperature": 20.0, "solar": 0.4},
              {"timestamp": "2024-06-01T11:00:00+00:00", "temperature": 22.0, "solar": 0.55},
              {"timestamp": "2024-06-01T12:00:00+00:00", "temperature": 23.0, "solar": 0.6}
            ]}
            """, ".json");
        var s = WeatherReader.Read(tmp.Path);
        Assert.Equal(2, s.Count);
        Assert.Equal(new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(550, s.Ghi[0], 9);
        Assert.Equal(600, s.Ghi[1], 9);
        Assert.Equal(21, s.AirTemperature[0], 12);
    }

    [Fact]
    public void Open_meteo_response_shifts_radiation_to_the_hour_it_averages()
    {
        var path = ReferenceData.Path("eos/weatherforecast_openmeteo_1.json");
        Assert.Equal(WeatherFormat.OpenMeteo, WeatherReader.Detect(path));
        var s = WeatherReader.Read(path);
        using var raw = JsonDocument.Parse(File.ReadAllText(path));
        var hourly = raw.RootElement.GetProperty("hourly");
        double Raw(string name, int i) => hourly.GetProperty(name)[i].GetDouble();

        // 72 local stamps from 2026-03-02T00:00 (utc_offset_seconds 3600) → 71 hours from 1 March 23:00 UTC.
        Assert.Equal(71, s.Count);
        Assert.Equal(new DateTime(2026, 3, 1, 23, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(new WeatherLocation(50, 10, 291, 1, "Open-Meteo (Europe/Berlin)"), s.Location);

        // shortwave_radiation stamped 08:00 local (21.8 W/m²) is the mean of 07:00–08:00 local = interval 7.
        Assert.Equal(21.8, Raw("shortwave_radiation", 8));
        Assert.Equal(21.8, s.Ghi[7]);
        Assert.Equal(20.5, s.Dhi[7]);
        Assert.True(double.IsNaN(s.Dni[7]));
        Assert.Contains(s.Notes, n => n.Contains("DNI left NaN", StringComparison.Ordinal));

        // Instantaneous values: averaged between the stamps; km/h → m/s; hPa → Pa; % → 0..1.
        Assert.Equal((3.2 + 2.3) / 2, s.AirTemperature[0], 12);
        Assert.Equal((4.3 + 4.6) / 2 / 3.6, s.WindSpeed[0], 12);
        Assert.Equal((989.8 + 989.7) / 2 * 100, s.Pressure[0], 9);
        Assert.Equal((24 + 76) / 2 / 100.0, s.CloudCover[3], 12);
        Assert.Equal((Raw("relative_humidity_2m", 0) + Raw("relative_humidity_2m", 1)) / 2, s.RelativeHumidity[0], 12);

        // All radiation after the first stamp is kept: 9487.3 Wh/m².
        Assert.Equal(9.4873, WeatherSummary.KwhPerM2(s.Ghi, 3600), 9);
    }

    [Fact]
    public void Clearoutside_records_fill_the_hour_skipped_at_the_end_of_summer_time()
    {
        var path = ReferenceData.Path("eos/weatherforecast_clearout_1.json");
        Assert.Equal(WeatherFormat.EosRecords, WeatherReader.Detect(path));
        var s = WeatherReader.Read(path, WeatherFormat.ClearOutside);

        // 164 records from 2024-10-26T02:00+02:00; 27 Oct 01:00+02:00 is followed by 02:00+01:00, skipping 00:00 UTC.
        Assert.Equal(165, s.Count);
        Assert.Equal(new DateTime(2024, 10, 26, 0, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal("ClearOutside (EOS weather records)", s.Location.Name);
        Assert.True(double.IsNaN(s.Location.Latitude));
        Assert.Contains(s.Notes, n => n.Contains("1 missing interval(s) filled with NaN (first: 2024-10-27 00:00 UTC)", StringComparison.Ordinal));
        Assert.True(double.IsNaN(s.AirTemperature[24]));

        // First record: 14 °C, clouds 76 %, wind 11.26538 km/h (7 mph), pressure 1018 hPa.
        Assert.Equal(14, s.AirTemperature[0]);
        Assert.Equal(0.76, s.CloudCover[0], 12);
        Assert.Equal(11.26538 / 3.6, s.WindSpeed[0], 12);
        Assert.Equal(101_800, s.Pressure[0], 9);
        Assert.Equal(6, s.DewPoint[0]);
        Assert.Equal(59, s.RelativeHumidity[0]);
        double max = s.Ghi.Where(v => !double.IsNaN(v)).Max();
        Assert.Equal(258.10347373509194, max);
    }

    [Fact]
    public void Eos_records_of_bright_sky_and_open_meteo_read_as_interval_starts()
    {
        var bs = WeatherReader.Read(ReferenceData.Path("eos/weatherforecast_brightsky_2.json"));
        Assert.Equal(50, bs.Count);
        Assert.Equal(new DateTime(2024, 10, 25, 22, 0, 0, DateTimeKind.Utc), bs.Start);
        Assert.Equal(22.22705922303379, bs.Ghi[9]); // 2024-10-26 09:00+02:00
        Assert.Equal(10.3, bs.AirTemperature[9]);
        Assert.Equal(1659.5338395992314 / 1000, WeatherSummary.KwhPerM2(bs.Ghi, 3600), 12);

        var om = WeatherReader.Read(ReferenceData.Path("eos/weatherforecast_openmeteo_2.json"), WeatherFormat.OpenMeteo);
        Assert.Equal(73, om.Count);
        Assert.Equal(new DateTime(2026, 3, 1, 23, 0, 0, DateTimeKind.Utc), om.Start);
        Assert.True(double.IsNaN(om.Ghi[0])); // EOS's first record is all null
        Assert.Equal(21.8, om.Ghi[9]);
        Assert.Equal(-0.7, om.AirTemperature[9]);
        Assert.Equal("Open-Meteo (EOS weather records)", om.Location.Name);
    }

    [Fact]
    public void Html_and_unknown_json_are_rejected_with_the_reason()
    {
        using var html = new TempWeatherFile("<!DOCTYPE html><html><body>clear outside</body></html>", ".html");
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(html.Path));
        Assert.Contains("HTML", ex.Message);
        Assert.Equal(html.Path, ex.File);

        using var json = new TempWeatherFile("{\"data\": []}", ".json");
        Assert.Contains("JSON weather not recognised", Assert.Throws<InputException>(() => WeatherReader.Read(json.Path)).Message);

        using var broken = new TempWeatherFile("{\"weather\": [\n{\"timestamp\": ", ".json");
        var b = Assert.Throws<InputException>(() => WeatherReader.Read(broken.Path));
        Assert.Contains("malformed JSON", b.Message);
        Assert.Equal(2, b.Line);
    }
}
