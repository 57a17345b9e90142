using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Tests.Weather;

/// <summary>EPW: counts, values against the raw records, time zone and typical-year mapping, missing codes.</summary>
public sealed class EpwReaderTests
{
    private static readonly string Amsterdam = ReferenceData.Path("weather/NLD_Amsterdam062400_IWEC.epw");
    private static readonly string PvgisEpw = ReferenceData.Path("weather/tmy_45.000_8.000_2005_2023.epw");

    [Fact]
    public void Amsterdam_reads_8760_hours_with_its_location()
    {
        var s = WeatherReader.Read(Amsterdam);
        Assert.Equal(8760, s.Count);
        Assert.Equal(3600, s.StepSeconds);
        Assert.Equal(52.30, s.Location.Latitude);
        Assert.Equal(4.77, s.Location.Longitude);
        Assert.Equal(-2.0, s.Location.ElevationM);
        Assert.Equal(1.0, s.Location.UtcOffsetHours);
        Assert.Equal("AMSTERDAM, NLD", s.Location.Name);
        Assert.Equal(WeatherFormat.Epw, WeatherReader.Detect(Amsterdam));
    }

    [Fact]
    public void Amsterdam_time_zone_shift_starts_the_year_at_23_utc_of_the_day_before()
    {
        // First record 1995-01-01 hour 1 = the hour ending 01:00 local standard time (UTC+1): it starts at
        // 1995-01-01 00:00 local = 1994-12-31 23:00 UTC. The series keeps that start (no wrap-around): its last interval
        // is 31 December 23:00–24:00 local = 22:00–23:00 UTC.
        var s = WeatherReader.Read(Amsterdam);
        Assert.Equal(new DateTime(1994, 12, 31, 23, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(DateTimeKind.Utc, s.Start.Kind);
        Assert.Equal(new DateTime(1995, 12, 31, 23, 0, 0, DateTimeKind.Utc), s.End);
        Assert.Contains(s.Notes, n => n.Contains("put on calendar year 1995", StringComparison.Ordinal));
    }

    [Fact]
    public void Amsterdam_first_record_and_peak_hour_match_the_raw_file()
    {
        var s = WeatherReader.Read(Amsterdam);
        var raw = File.ReadAllLines(Amsterdam);

        // Line 9: 1995,1,1,1,60,…,5.1,1.8,79,100100,…,340,6.7,6,6,…
        var first = raw[8].Split(',');
        Assert.Equal("5.1", first[6]);
        Assert.Equal(5.1, s.AirTemperature[0]);
        Assert.Equal(1.8, s.DewPoint[0]);
        Assert.Equal(79, s.RelativeHumidity[0]);
        Assert.Equal(100_100, s.Pressure[0]);
        Assert.Equal(6.7, s.WindSpeed[0]);
        Assert.Equal(0.6, s.CloudCover[0], 12); // 6 tenths
        Assert.Equal(0, s.Ghi[0]);

        // The largest GHI: 1996-06-05 hour 13 (line 3741), 861 Wh/m² = mean 861 W/m² over 12:00–13:00 local = 11:00–12:00 UTC,
        // put on 1995-06-05.
        int peak = 0;
        for (int i = 1; i < s.Count; i++)
        {
            if (s.Ghi[i] > s.Ghi[peak])
            {
                peak = i;
            }
        }

        var line = raw[3740].Split(',');
        Assert.Equal(["1996", "6", "5", "13"], line[..4]);
        Assert.Equal(3732, peak);
        Assert.Equal(new DateTime(1995, 6, 5, 11, 0, 0, DateTimeKind.Utc), s.TimeAt(peak));
        Assert.Equal(861, s.Ghi[peak]);
        Assert.Equal(815, s.Dni[peak]);
        Assert.Equal(154, s.Dhi[peak]);
        Assert.Equal(26.5, s.AirTemperature[peak]);
    }

    [Fact]
    public void Amsterdam_annual_irradiation_is_the_sum_of_the_hourly_fields()
    {
        var s = WeatherReader.Read(Amsterdam);
        double raw = 0;
        foreach (var line in File.ReadLines(Amsterdam).Skip(8))
        {
            raw += double.Parse(line.Split(',')[13], CultureInfo.InvariantCulture);
        }

        Assert.Equal(982_481, raw);
        Assert.Equal(982.481, WeatherSummary.KwhPerM2(s.Ghi, s.StepSeconds), 9);
    }

    [Fact]
    public void Pvgis_epw_is_read_as_utc_and_equals_the_pvgis_tmy_csv()
    {
        // PVGIS's EPW says time zone 1, but its hour 1 holds the CSV's 00:00 UTC row (same values throughout), so it is read as UTC.
        var epw = WeatherReader.Read(PvgisEpw);
        var csv = WeatherReader.Read(ReferenceData.Path("weather/tmy_45.000_8.000_2005_2023.csv"));
        Assert.Equal(8760, epw.Count);
        Assert.Equal(new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc), epw.Start);
        Assert.Equal(0, epw.Location.UtcOffsetHours);
        Assert.Equal(250, epw.Location.ElevationM);
        Assert.Contains(epw.Notes, n => n.Contains("PVGIS-made EPW", StringComparison.Ordinal));
        Assert.Equal(csv.Start, epw.Start);
        Assert.Equal(csv.Ghi, epw.Ghi);
        Assert.Equal(csv.Dni, epw.Dni);
        Assert.Equal(csv.Dhi, epw.Dhi);
        Assert.Equal(csv.AirTemperature, epw.AirTemperature);

        // Annual GHI of both: 1435.861 kWh/m² (agreement "within a few %" holds exactly here).
        double e = WeatherSummary.KwhPerM2(epw.Ghi, 3600);
        double c = WeatherSummary.KwhPerM2(csv.Ghi, 3600);
        Assert.Equal(1435.861, e, 9);
        Assert.True(Math.Abs(e - c) <= 0.03 * c);

        // Sky cover is 99 (missing) in every record; wind 0.6 m/s at the GHI peak 2006-06-01 hour 12 → 2018-06-01 11:00 UTC.
        Assert.All(epw.CloudCover, v => Assert.True(double.IsNaN(v)));
        Assert.Equal(971, epw.Ghi[3635]);
        Assert.Equal(new DateTime(2018, 6, 1, 11, 0, 0, DateTimeKind.Utc), epw.TimeAt(3635));
        Assert.Equal(0.6, epw.WindSpeed[3635]);
    }

    [Fact]
    public void Time_zone_override_moves_the_pvgis_epw_back_to_its_declared_zone()
    {
        var s = WeatherReader.Read(PvgisEpw, new WeatherReadOptions { UtcOffsetHours = 1 });
        Assert.Equal(new DateTime(2017, 12, 31, 23, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Equal(1, s.Location.UtcOffsetHours);
    }

    [Fact]
    public void Missing_codes_become_nan()
    {
        var lines = File.ReadAllLines(Amsterdam);
        var f = lines[8].Split(',');
        f[6] = "99.9";
        f[8] = "999";
        f[9] = "999999";
        f[13] = "9999";
        f[21] = "999";
        f[22] = "99";
        lines[8] = string.Join(',', f);
        using var tmp = new TempWeatherFile(string.Join('\n', lines), ".epw");
        var s = WeatherReader.Read(tmp.Path);
        Assert.True(double.IsNaN(s.AirTemperature[0]));
        Assert.True(double.IsNaN(s.RelativeHumidity[0]));
        Assert.True(double.IsNaN(s.Pressure[0]));
        Assert.True(double.IsNaN(s.Ghi[0]));
        Assert.True(double.IsNaN(s.WindSpeed[0]));
        Assert.True(double.IsNaN(s.CloudCover[0]));
        Assert.Equal(1.8, s.DewPoint[0]);
        Assert.Equal(4.6, s.AirTemperature[1]);
    }

    [Fact]
    public void Typical_year_onto_a_leap_year_repeats_28_february()
    {
        var s = WeatherReader.Read(Amsterdam, new WeatherReadOptions { Year = 2024 });
        Assert.Equal(8784, s.Count);
        Assert.Equal(new DateTime(2023, 12, 31, 23, 0, 0, DateTimeKind.Utc), s.Start);
        int feb28 = 58 * 24;
        int feb29 = 59 * 24;
        Assert.Equal(new DateTime(2024, 2, 29, 0, 0, 0), s.TimeAt(feb29).AddHours(1));
        for (int h = 0; h < 24; h++)
        {
            Assert.Equal(s.AirTemperature[feb28 + h], s.AirTemperature[feb29 + h]);
            Assert.Equal(s.Ghi[feb28 + h], s.Ghi[feb29 + h]);
        }

        // 1 March keeps the file's 1 March: the day after the repeated one.
        var raw = File.ReadAllLines(Amsterdam);
        var march1 = raw[8 + (59 * 24)].Split(',');
        Assert.Equal(["3", "1", "1"], new[] { march1[1], march1[2], march1[3] });
        Assert.Equal(double.Parse(march1[6], CultureInfo.InvariantCulture), s.AirTemperature[60 * 24]);
        Assert.Contains(s.Notes, n => n.Contains("29 February repeats 28 February", StringComparison.Ordinal));
    }

    [Fact]
    public void Typical_year_starting_in_a_leap_year_goes_on_the_year_before_by_default()
    {
        // The PVGIS EPW with its January from 2016 (leap) and no 29 February: by default put on 2015, 8760 hours.
        var lines = File.ReadAllLines(PvgisEpw);
        for (int i = 8; i < 8 + 744; i++)
        {
            lines[i] = "2016" + lines[i][4..];
        }

        using var tmp = new TempWeatherFile(string.Join('\n', lines), ".epw");
        var s = WeatherReader.Read(tmp.Path);
        Assert.Equal(8760, s.Count);
        Assert.Equal(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.Start);
        Assert.Contains(s.Notes, n => n.Contains("put on 2015 instead", StringComparison.Ordinal));
    }

    [Fact]
    public void A_29_february_is_dropped_on_a_non_leap_year_and_kept_on_a_leap_year()
    {
        // A chronological leap year (2020, 8784 hours) built from the PVGIS EPW with 28 February repeated as the 29th.
        var lines = File.ReadAllLines(PvgisEpw);
        var data = new List<string>();
        var leapDay = new List<string>();
        for (int i = 8; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            f[0] = "2020";
            if (f[1] == "3" && f[2] == "1" && f[3] == "1")
            {
                data.AddRange(leapDay);
            }

            data.Add(string.Join(',', f));
            if (f[1] == "2" && f[2] == "28")
            {
                f[2] = "29";
                leapDay.Add(string.Join(',', f));
            }
        }

        using var tmp = new TempWeatherFile(string.Join('\n', lines[..8].Concat(data)), ".epw");
        var leap = WeatherReader.Read(tmp.Path);
        Assert.Equal(8784, leap.Count);
        Assert.DoesNotContain(leap.Notes, n => n.Contains("typical", StringComparison.Ordinal));
        Assert.Equal(new DateTime(2020, 12, 31, 23, 0, 0, DateTimeKind.Utc), leap.TimeAt(8783));

        var onto2021 = WeatherReader.Read(tmp.Path, new WeatherReadOptions { Year = 2021 });
        Assert.Equal(8760, onto2021.Count);
        Assert.Contains(onto2021.Notes, n => n.Contains("29 February (24 records) dropped", StringComparison.Ordinal));
        Assert.Equal(leap.AirTemperature[60 * 24], onto2021.AirTemperature[59 * 24]); // 1 March
    }

    [Fact]
    public void Malformed_records_name_the_line()
    {
        var lines = File.ReadAllLines(Amsterdam);
        var f = lines[20].Split(',');
        f[6] = "warm";
        lines[20] = string.Join(',', f);
        using var tmp = new TempWeatherFile(string.Join('\n', lines), ".epw");
        var ex = Assert.Throws<InputException>(() => WeatherReader.Read(tmp.Path));
        Assert.Equal(21, ex.Line);
        Assert.Equal(tmp.Path, ex.File);
        Assert.Contains("field 7 (dry bulb): 'warm' is not a number", ex.Message);

        lines = File.ReadAllLines(Amsterdam);
        lines.AsSpan(100, 2).Clear();
        var gapped = lines.Where(l => l is not null).ToArray();
        using var tmp2 = new TempWeatherFile(string.Join('\n', gapped), ".epw");
        var gap = Assert.Throws<InputException>(() => WeatherReader.Read(tmp2.Path));
        Assert.Contains("no record for 01-04 20:00", gap.Message);
        Assert.Equal(100, gap.Line);
    }
}
