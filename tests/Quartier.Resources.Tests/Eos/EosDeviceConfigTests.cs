using Quartier.Core.Errors;
using Quartier.Resources.Devices;
using Quartier.Resources.Eos;

namespace Quartier.Resources.Tests.Eos;

/// <summary>EOS configuration files' <c>devices</c> section mapped onto S2 resources.</summary>
public sealed class EosDeviceConfigTests
{
    private static readonly DateTimeOffset Midnight = new(2025, 7, 25, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_stripped_config_gives_a_default_battery_an_EV_an_inverter_and_a_windowed_dishwasher()
    {
        var config = EosDeviceConfig.Load(ReferenceData.Path("eos/eos_config_stripped.json"));

        var battery = Assert.Single(config.Batteries);
        Assert.Equal("battery1", battery.Id);
        Assert.Equal(8000, battery.Spec.CapacityWh);
        Assert.Equal(5000, battery.Spec.MaxChargePowerW);
        Assert.Equal(0.88, battery.Spec.ChargeEfficiency);
        Assert.Equal(1.0, battery.Spec.MaxSoc);

        var ev = Assert.Single(config.ElectricVehicles);
        Assert.Equal("ev11", ev.Id);
        Assert.Equal(50_000, ev.Spec.CapacityWh);
        Assert.Equal(0.7, ev.MinSoc, 12);

        var inverter = Assert.Single(config.Inverters);
        Assert.Equal(10_000, inverter.MaxPowerW);
        Assert.Equal("battery1", inverter.BatteryId);

        var dishwasher = Assert.Single(config.HomeAppliances);
        Assert.Equal(2000, dishwasher.ConsumptionWh);
        Assert.Equal(3, dishwasher.DurationH);
        Assert.Equal(2, dishwasher.TimeWindows!.Windows.Count);
    }

    [Fact]
    public void The_dishwasher_resource_starts_only_where_a_whole_run_fits_a_window()
    {
        var registry = EosDeviceConfig.Load(ReferenceData.Path("eos/eos_config_stripped.json")).CreateResources(Midnight, 24);
        Assert.Equal(["battery1", "dishwasher1", "ev11"], registry.Ids.Order(StringComparer.Ordinal));

        // windows 08:00 + 5 h and 15:00 + 3 h, a 3-hour run: 10:00 fits (ends 13:00), 11:00 does not, 15:00 does
        var late = registry.Get<HomeApplianceResource>("dishwasher1");
        Assert.False(late.Instruct(ApplianceMode.Run, Midnight.AddHours(11)).IsAccepted);
        Assert.True(late.Instruct(ApplianceMode.Run, Midnight.AddHours(10)).IsAccepted);

        var other = EosDeviceConfig.Load(ReferenceData.Path("eos/eos_config_stripped.json")).CreateResources(Midnight, 24).Get<HomeApplianceResource>("dishwasher1");
        Assert.True(other.Instruct(ApplianceMode.Run, Midnight.AddHours(15)).IsAccepted);
    }

    [Fact]
    public void Appliance_windows_on_a_weekday_and_across_midnight_become_absolute_start_intervals()
    {
        // 2025-07-25 is a Friday. A Saturday window 09:00 + 4 h, and an every-day window 22:00 + 5 h (to 03:00).
        const string json = """
            {"devices": {"home_appliances": [{"device_id": "washer", "consumption_wh": 1500, "duration_h": 2,
              "time_windows": {"windows": [{"start_time": "09:00", "duration": "PT4H", "day_of_week": 5},
                                           {"start_time": "22:00", "duration": "5 hours"}]}}]}}
            """;
        var washer = EosDeviceConfig.Parse(json).HomeAppliances[0];
        var intervals = washer.AllowedIntervals(Midnight, 48);
        Assert.Contains((Midnight.AddHours(24 + 9), Midnight.AddHours(24 + 13)), intervals);
        Assert.DoesNotContain((Midnight.AddHours(9), Midnight.AddHours(13)), intervals);
        Assert.Contains((Midnight.AddHours(22), Midnight.AddHours(27)), intervals);

        Assert.False(Resource(json).Instruct(ApplianceMode.Run, Midnight.AddHours(9)).IsAccepted);       // Friday 09:00
        Assert.True(Resource(json).Instruct(ApplianceMode.Run, Midnight.AddHours(24 + 11)).IsAccepted);  // Saturday 11:00–13:00
        Assert.True(Resource(json).Instruct(ApplianceMode.Run, Midnight.AddHours(24 + 1)).IsAccepted);   // 01:00–03:00 in Friday's night window
        Assert.False(Resource(json).Instruct(ApplianceMode.Run, Midnight.AddHours(24 + 2)).IsAccepted);  // would end 04:00

        static HomeApplianceResource Resource(string config) =>
            EosDeviceConfig.Parse(config).CreateResources(Midnight, 48).Get<HomeApplianceResource>("washer");
    }

    [Fact]
    public void Battery_status_documents_reach_the_configured_battery()
    {
        var registry = EosDeviceConfig.Load(ReferenceData.Path("eos/eos_config_andreas_0_1_0.json")).CreateResources(Midnight);
        var battery = registry.Get<BatteryResource>("pv_akku");
        Assert.Equal(30_000, battery.Spec.CapacityWh);
        Assert.Equal(0.0, battery.FillLevel);

        registry.ApplyStatus("pv_akku", """{"type": "FRBCStorageStatus", "present_fill_level": "0.88"}""");
        Assert.Equal(0.88, battery.FillLevel, 12);
        Assert.Equal(26_400, battery.EnergyWh, 9);
    }

    [Fact]
    public void The_unstripped_config_with_zoned_window_times_loads()
    {
        var config = EosDeviceConfig.Load(ReferenceData.Path("eos/eos_config_unstripped.json"));
        Assert.Equal([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1], config.Batteries[0].ChargeRates);
        Assert.Equal(TimeSpan.FromHours(8), config.HomeAppliances[0].TimeWindows!.Windows[0].StartTime);
    }

    [Theory]
    [InlineData("""{"devices": {"batteries": [{"device_id": "b", "capacity_wh": -5}]}}""", "devices.batteries[0].capacity_wh must be positive")]
    [InlineData("""{"devices": {"batteries": [{"device_id": "b", "min_soc_percentage": 150}]}}""", "devices.batteries[0].min_soc_percentage must be a percentage")]
    [InlineData("""{"devices": {"inverters": [{"device_id": "i", "battery_id": "nope"}]}}""", "refers to battery 'nope'")]
    [InlineData("""{"devices": {"home_appliances": [{"device_id": "d", "duration_h": 2}]}}""", "devices.home_appliances[0].consumption_wh is required")]
    public void Bad_device_configuration_is_named(string json, string expected)
    {
        var ex = Assert.Throws<InputException>(() => EosDeviceConfig.Parse(json, "EOS.config.json"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal("EOS.config.json", ex.File);
    }
}
