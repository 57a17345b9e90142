using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;
using Quartier.Forecasting.Load;
using Quartier.Forecasting.Tests.Forecasts;

namespace Quartier.Forecasting.Tests.Load;

public sealed class EosYearlyLoadProfileTests
{
    internal static readonly Lazy<EosYearlyLoadProfile> Eos = new(() => EosYearlyLoadProfile.Load(ReferenceData.Path("eos/load_profiles_yearly_366x24.csv")));

    // Σ of the mean shares over the 365 rows a non-leap year reads under EOS's mapping (rows 0..364), from the file.
    private const double NonLeapShareSum = 0.9979813202025882;

    [Fact]
    public void Reads_the_366x24_table()
    {
        var p = Eos.Value;
        Assert.Equal(8784, p.MeanShares.Length);
        Assert.Equal(6.7100489337336389e-05, p.Mean(0, 0));
        Assert.Equal(9.8150299043434059e-06, p.Std(0, 0));
        Assert.Equal(6.28807051014457e-05, p.Mean(59, 0));
        double all = 0;
        foreach (var v in p.MeanShares)
        {
            all += v;
        }

        Assert.Equal(1.0010241744854644, all, 10);
    }

    [Fact]
    public void Non_leap_year_sums_to_the_annual_energy()
    {
        var s = Eos.Value.ToSeries(2023, 4000);
        Assert.Equal(8760, s.Energy.Count);
        Assert.Equal(new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc), s.Energy.Start);
        Assert.Equal(3600, s.Energy.StepSeconds);
        Assert.Equal(SeriesKind.Amount, s.Energy.Kind);
        Assert.Equal("Wh", s.Energy.Unit);
        Assert.Equal(4_000_000, s.Energy.Sum(), 6);
        Assert.Equal(1 / NonLeapShareSum, s.Scale, 12);
        // Hand value: first hour = share(0,0) · 4000 kWh · 1000 / Σ shares of the year.
        Assert.Equal(6.7100489337336389e-05 * 4e6 / NonLeapShareSum, s.Energy[0], 9);
        Assert.Equal(9.8150299043434059e-06 * 4e6 / NonLeapShareSum, s.Std[0], 9);
        // EOS's day-of-year mapping: 31 December 2023 (day 365) reads row 364.
        Assert.Equal(Eos.Value.Mean(364, 23) * 4e6 / NonLeapShareSum, s.Energy[8759], 9);
    }

    [Fact]
    public void Leap_year_uses_all_366_rows()
    {
        var s = Eos.Value.ToSeries(2024, 3500);
        Assert.Equal(8784, s.Energy.Count);
        Assert.Equal(3_500_000, s.Energy.Sum(), 6);
        Assert.Equal(Eos.Value.Mean(365, 23) / Eos.Value.Mean(0, 0), s.Energy[8783] / s.Energy[0], 12);
    }

    [Fact]
    public void Unnormalised_values_are_eos_share_times_energy()
    {
        var s = Eos.Value.ToSeries(2023, 4000, normalize: false);
        Assert.Equal(1.0, s.Scale);
        Assert.Equal(6.7100489337336389e-05 * 4e6, s.Energy[0], 12);
        Assert.Equal(NonLeapShareSum * 4e6, s.Energy.Sum(), 5);
    }

    [Fact]
    public void Day_mappings_differ_from_first_of_march_in_non_leap_years()
    {
        var march1 = new DateTime(2023, 3, 1);
        Assert.Equal(59, EosYearlyLoadProfile.DayRow(march1, LoadDayMapping.EosDayOfYear));
        Assert.Equal(60, EosYearlyLoadProfile.DayRow(march1, LoadDayMapping.CalendarDate));
        Assert.Equal(58, EosYearlyLoadProfile.DayRow(new DateTime(2023, 2, 28), LoadDayMapping.CalendarDate));
        Assert.Equal(59, EosYearlyLoadProfile.DayRow(new DateTime(2024, 2, 29), LoadDayMapping.CalendarDate));
        Assert.Equal(60, EosYearlyLoadProfile.DayRow(new DateTime(2024, 3, 1), LoadDayMapping.EosDayOfYear));
        Assert.Equal(365, EosYearlyLoadProfile.DayRow(new DateTime(2023, 12, 31), LoadDayMapping.CalendarDate));

        var cal = Eos.Value.ToSeries(2023, 1000, mapping: LoadDayMapping.CalendarDate, normalize: false);
        Assert.Equal(Eos.Value.Mean(60, 0) * 1e6, cal.Energy[59 * 24], 12);
        Assert.Equal(Eos.Value.Mean(365, 23) * 1e6, cal.Energy[8759], 12);
    }

    [Fact]
    public void Local_time_zone_places_local_hours_and_keeps_the_total()
    {
        var s = Eos.Value.ToSeries(2023, 4000, TestZones.Cet, normalize: false);
        // The local year 2023 starts at 2022-12-31 23:00 UTC; it has 8760 UTC hours (23 h in March, 25 h in October).
        Assert.Equal(new DateTime(2022, 12, 31, 23, 0, 0, DateTimeKind.Utc), s.Energy.Start);
        Assert.Equal(8760, s.Energy.Count);
        Assert.Equal(Eos.Value.Mean(0, 0) * 4e6, s.Energy[0], 12);
        // 2023-07-01 10:00 UTC is 12:00 CEST on day row 181.
        int i = s.Energy.IndexOf(new DateTime(2023, 7, 1, 10, 0, 0, DateTimeKind.Utc));
        Assert.Equal(Eos.Value.Mean(181, 12) * 4e6, s.Energy[i], 12);
        // Fall-back day 2023-10-29: 00:00 and 01:00 UTC are both local hour 2.
        int a = s.Energy.IndexOf(new DateTime(2023, 10, 29, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(s.Energy[a], s.Energy[a + 1]);
        var normalised = Eos.Value.ToSeries(2023, 4000, TestZones.Cet);
        Assert.Equal(4_000_000, normalised.Energy.Sum(), 6);
    }

    [Fact]
    public void Bad_tables_name_file_and_line()
    {
        var e = Assert.Throws<Core.Errors.InputException>(() => EosYearlyLoadProfile.Parse(
            new StringReader("day_of_year_index,hour,mean_fraction_of_annual_energy,std_fraction_of_annual_energy\n0,0,1e-4,1e-5\n0,1,abc,1e-5\n"), "p.csv"));
        Assert.Equal("p.csv", e.File);
        Assert.Equal(3, e.Line);
        var missing = Assert.Throws<Core.Errors.InputException>(() => EosYearlyLoadProfile.Parse(
            new StringReader("day_of_year_index,hour,mean_fraction_of_annual_energy,std_fraction_of_annual_energy\n0,0,1e-4,1e-5\n"), "p.csv"));
        Assert.Contains("day 0 hour 1", missing.Message, StringComparison.Ordinal);
    }
}
