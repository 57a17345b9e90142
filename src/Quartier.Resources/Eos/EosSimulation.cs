using Quartier.Core.Errors;
using static Quartier.Resources.Eos.EosArithmetic;

namespace Quartier.Resources.Eos;

/// <summary>
/// EOS-compatible hourly device simulation (Akkudoktor-EOS's "genetic" <c>GeneticSimulation.simulate</c>): replays a plan
/// (<see cref="EosControls"/>) on an EOS request (<see cref="EosOptimizeInput"/>) from a start hour to the end of the
/// horizon and books load, grid exchange, losses, costs and revenue per hour. It reproduces EOS's stored results
/// exactly, including EOS's floating-point summation.
/// </summary>
/// <remarks>
/// Per hour: the appliance load and the EV charge (only the stored energy counts as load, its loss separately) are added
/// to the household load; the inverter splits PV and load (see <see cref="SelfConsumptionInterpolator"/>), discharging the
/// battery where allowed and charging it from the PV surplus; then AC charging from the grid follows. Hours before the
/// start hour are not simulated and their controls are zeroed. Without an inverter EOS books no grid exchange and the
/// battery takes no part; this is kept for compatibility.
/// </remarks>
public static class EosSimulation
{
    /// <summary>Runs the simulation from <paramref name="startHour"/>; <paramref name="day"/> is the date of hour 0 (default today), used by appliance time windows with a weekday or date.</summary>
    public static EosSimulationResult Run(EosOptimizeInput input, EosControls controls, int startHour, DateOnly? day = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(controls);
        int n = input.Hours;
        if (startHour < 0 || startHour >= n)
        {
            throw new InputException($"start hour {startHour} is outside 0…{n - 1}: the input has {n} hours", input.Source);
        }

        var ac = Horizon(controls.AcCharge, "ac_charge", n, startHour, controls.Source);
        var dc = Horizon(controls.DcCharge, "dc_charge", n, startHour, controls.Source);
        var discharge = Horizon(controls.DischargeAllowed, "discharge_allowed", n, startHour, controls.Source);

        var ems = input.Ems;
        var inverter = input.Inverter;
        double acToDc = inverter?.AcToDcEfficiency ?? 1.0;
        double dcToAc = inverter?.DcToAcEfficiency ?? 1.0;
        double? maxAcCharge = inverter?.MaxAcChargePowerW;

        // As in EOS the battery is part of the inverter; AC charging needs a working AC→DC path.
        EosBattery? battery = inverter is not null && input.PvBattery is { } pv ? new EosBattery(pv, n) : null;
        bool acPossible = false;
        if (battery is not null)
        {
            acPossible = acToDc > 0 && (maxAcCharge is null || maxAcCharge > 0);
            if (!acPossible)
            {
                Array.Clear(ac);
            }

            for (int h = 0; h < n; h++)
            {
                battery.ChargeArray[h] = ac[h] != 0 ? ac[h] : dc[h];
                battery.DischargeArray[h] = discharge[h];
            }
        }

        EosBattery? ev = null;
        if (input.Ev is { } evParameters)
        {
            ev = new EosBattery(evParameters, n);
            if (controls.EvChargeHours is { } evHours)
            {
                var used = Horizon(evHours, "eautocharge_hours_float", n, startHour, controls.Source);
                Array.Copy(used, ev.ChargeArray, n);
            }
        }

        EosHomeAppliance? appliance = null;
        int? washingStart = null;
        if (input.Dishwasher is { } dishwasher && controls.WashingStart is { } requested)
        {
            if (requested >= n)
            {
                throw new InputException($"washingstart {requested} is outside the horizon 0…{n - 1}", controls.Source);
            }

            var midnight = (day ?? DateOnly.FromDateTime((clock ?? TimeProvider.System).GetLocalNow().DateTime)).ToDateTime(TimeOnly.MinValue);
            appliance = new EosHomeAppliance(dishwasher, n, midnight);
            washingStart = appliance.SetStartingTime(requested, startHour);
        }

        int count = n - startHour;
        var load = new double[count];
        var feedIn = new double[count];
        var gridImport = new double[count];
        var costs = new double[count];
        var revenue = new double[count];
        var losses = new double[count];
        var batterySoc = new double[count];
        var evSoc = new double[count];
        var applianceWh = new double[count];
        var price = new double[count];
        var scr = SelfConsumptionInterpolator.Default;

        for (int hour = startHour; hour < n; hour++)
        {
            int i = hour - startHour;
            double consumption = ems.TotalLoad[hour];
            double hourLosses = 0.0;

            if (appliance is not null)
            {
                double wh = appliance.LoadCurve[hour];
                consumption += wh;
                applianceWh[i] = wh;
            }

            if (ev is not null)
            {
                evSoc[i] = ev.SocPercentage;
                double factor = ev.ChargeArray[hour];
                if (factor > 0)
                {
                    consumption += ev.ChargeFactor(factor, hour, out double evLosses);
                    hourLosses += evLosses;
                }
            }

            if (battery is not null)
            {
                batterySoc[i] = battery.SocPercentage;
            }

            double exported = 0.0, imported = 0.0, inverterLosses = 0.0;
            if (inverter is not null)
            {
                ProcessInverter(ems.PvForecastWh[hour], consumption, hour, inverter.MaxPowerWh, dcToAc, battery, scr, out exported, out imported, out inverterLosses);
            }

            if (battery is not null && ac[hour] > 0.0 && acPossible)
            {
                double factor = ac[hour];
                if (maxAcCharge is { } maxAc && battery.MaxChargePowerW > 0)
                {
                    factor = Min(factor, maxAc * acToDc / battery.MaxChargePowerW);
                }

                if (factor > 0)
                {
                    double stored = battery.ChargeFactor(factor, hour, out double batteryLosses);
                    double dcEnergy = stored + batteryLosses;
                    double acEnergy = dcEnergy / acToDc;
                    double conversionLosses = acEnergy - dcEnergy;
                    consumption += acEnergy;
                    imported += acEnergy;
                    hourLosses += batteryLosses + conversionLosses;
                }
            }

            feedIn[i] = exported;
            gridImport[i] = imported;
            losses[i] = hourLosses + inverterLosses;
            load[i] = consumption;
            price[i] = ems.ElectricityPricePerWh[hour];
            costs[i] = imported * ems.ElectricityPricePerWh[hour];
            revenue[i] = exported * ems.FeedInTariffPerWh[hour];
        }

        double totalCosts = Sum(costs);
        double totalLosses = Sum(losses);
        double totalRevenue = Sum(revenue);
        return new EosSimulationResult
        {
            StartHour = startHour,
            Hours = n,
            LoadWhPerHour = load,
            GridFeedInWhPerHour = feedIn,
            GridConsumptionWhPerHour = gridImport,
            CostsPerHour = costs,
            RevenuePerHour = revenue,
            LossesWhPerHour = losses,
            BatterySocPerHour = batterySoc,
            EvSocPerHour = evSoc,
            HomeApplianceWhPerHour = applianceWh,
            ElectricityPrice = price,
            TotalCosts = totalCosts,
            TotalRevenue = totalRevenue,
            TotalBalance = totalCosts - totalRevenue,
            TotalLosses = totalLosses,
            FinalBatterySocPercentage = battery?.SocPercentage,
            FinalBatterySocWh = battery?.SocWh,
            FinalEvSocPercentage = ev?.SocPercentage,
            FinalEvSocWh = ev?.SocWh,
            AcCharge = ac,
            DcCharge = dc,
            DischargeAllowed = discharge,
            EvChargeHours = controls.EvChargeHours is null ? null : [.. controls.EvChargeHours],
            EvEffectiveChargeArray = ev?.ChargeArray,
            WashingStart = washingStart,
            Ev = input.Ev,
        };
    }

    /// <summary>EOS's inverter step for one hour: returns export, import and losses (Wh).</summary>
    private static void ProcessInverter(
        double generation,
        double consumption,
        int hour,
        double maxPower,
        double dcToAc,
        EosBattery? battery,
        SelfConsumptionInterpolator scr,
        out double feedIn,
        out double gridImport,
        out double losses)
    {
        losses = 0.0;
        feedIn = 0.0;
        gridImport = 0.0;
        if (generation >= consumption)
        {
            if (consumption > maxPower)
            {
                // The inverter cannot pass more than its limit: PV above it is lost, load above it comes from the grid.
                losses += generation - maxPower;
                gridImport = -(maxPower - consumption);
                return;
            }

            double rate = scr.Rate(consumption, generation);
            double surplusToStore = (generation - consumption) * rate;
            double unmatchedLoad = (generation - consumption) * (1.0 - rate);

            if (unmatchedLoad > 0)
            {
                // Within the hour PV and load do not coincide perfectly: this share is load the battery or the grid covers.
                if (battery is not null)
                {
                    double fromBatteryDc = battery.Discharge(unmatchedLoad / dcToAc, hour, out double dischargeLosses);
                    double fromBatteryAc = fromBatteryDc * dcToAc;
                    unmatchedLoad -= fromBatteryAc;
                    losses += dischargeLosses + (fromBatteryDc - fromBatteryAc);
                }

                if (unmatchedLoad > 0)
                {
                    gridImport += unmatchedLoad;
                }
            }

            if (surplusToStore > 0)
            {
                double chargeLosses = 0.0;
                double remaining = surplusToStore;
                if (battery is not null)
                {
                    double stored = battery.ChargeEnergy(surplusToStore, hour, out chargeLosses);
                    remaining = surplusToStore - (stored + chargeLosses);
                }

                if (remaining > maxPower - consumption)
                {
                    feedIn = maxPower - consumption;
                    losses += remaining - feedIn;
                }
                else
                {
                    feedIn = remaining;
                }

                losses += chargeLosses;
            }
        }
        else
        {
            double shortfall = consumption - generation;
            double available = Max(maxPower - generation, 0.0);
            double fromBatteryAc = 0.0;
            if (battery is not null)
            {
                double fromBatteryDc = battery.Discharge(Min(shortfall, available) / dcToAc, hour, out double dischargeLosses);
                fromBatteryAc = fromBatteryDc * dcToAc;
                losses += dischargeLosses + (fromBatteryDc - fromBatteryAc);
            }

            gridImport = shortfall - fromBatteryAc;
        }
    }

    /// <summary>The first <paramref name="n"/> values of a control array, zeroed before the start hour.</summary>
    private static double[] Horizon(double[] values, string name, int n, int startHour, string source)
    {
        if (values.Length < n)
        {
            throw new InputException($"{name} has {values.Length} values but the input has {n} hours; give one value per hour", source);
        }

        var result = new double[n];
        Array.Copy(values, startHour, result, startHour, n - startHour);
        return result;
    }
}
