using Quartier.Forecasting.Load;
using Quartier.Forecasting.Tests.Forecasts;

namespace Quartier.Forecasting.Tests.Load;

public sealed class MonthlyTypicalDayProfileTests
{
    private static readonly Lazy<MonthlyTypicalDayProfile> Profile = new(() => MonthlyTypicalDayProfile.FromEos(EosYearlyLoadProfileTests.Eos.Value));

    [Fact]
    public void Derives_month_shapes_from_the_eos_table()
    {
        var eos = EosYearlyLoadProfileTests.Eos.Value;
        var p = Profile.Value;
        Assert.Contains("not BDEW H0", p.Name, StringComparison.Ordinal);
        // January = rows 0..30: hand-sum hour 18 and the whole month.
        double hour18 = 0, month = 0, std18 = 0;
        for (int d = 0; d < 31; d++)
        {
            hour18 += eos.Mean(d, 18);
            std18 += eos.Std(d, 18);
            for (int h = 0; h < 24; h++)
            {
                month += eos.Mean(d, h);
            }
        }

        Assert.Equal(hour18 / month, p.HourShape(1, 18), 12);
        Assert.Equal(month / 31, p.DailyShare(1), 12);
        Assert.Equal(std18 / hour18, p.RelativeStd(1, 18), 12);
        for (int m = 1; m <= 12; m++)
        {
            double s = 0;
            for (int h = 0; h < 24; h++)
            {
                s += p.HourShape(m, h);
            }

            Assert.Equal(1.0, s, 12);
        }

        // February has 29 rows (the rows are a leap year's days).
        double feb = 0;
        for (int d = 31; d < 60; d++)
        {
            for (int h = 0; h < 24; h++)
            {
                feb += eos.Mean(d, h);
            }
        }

        Assert.Equal(feb / 29, p.DailyShare(2), 12);
    }

    [Fact]
    public void Year_series_sums_to_the_annual_energy_with_local_hours()
    {
        var s = Profile.Value.ToSeries(2025, 3000, TestZones.Cet);
        Assert.Equal(8760, s.Energy.Count);
        Assert.Equal(3_000_000, s.Energy.Sum(), 6);
        // Every day of a month has the same energy: 2025-01-10 and 2025-01-20 (local days).
        double Day(int day)
        {
            var start = new DateTime(2025, 1, day - 1, 23, 0, 0, DateTimeKind.Utc);
            return s.Energy.Slice(start, start.AddDays(1)).Sum();
        }

        Assert.Equal(Day(10), Day(20), 9);
        // Ratio of two hours within a day is the shape ratio: 18:00 vs 03:00 local on 15 January.
        double h18 = s.Energy.ValueAt(new DateTime(2025, 1, 15, 17, 0, 0, DateTimeKind.Utc));
        double h03 = s.Energy.ValueAt(new DateTime(2025, 1, 15, 2, 0, 0, DateTimeKind.Utc));
        Assert.Equal(Profile.Value.HourShape(1, 18) / Profile.Value.HourShape(1, 3), h18 / h03, 12);
    }
}
