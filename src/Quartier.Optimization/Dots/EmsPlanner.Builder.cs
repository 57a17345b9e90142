using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Dots;

/// <summary>The MILP of one connection's plan: variables and rows per device, the tariffs, and reading the first step back.</summary>
public static partial class EmsPlanner
{
    /// <summary>Builds one connection's model and reads its solution.</summary>
    private sealed class Builder(EmsPlanInput p)
    {
        private readonly int _n = p.Steps;
        private readonly double _dt = p.StepSeconds;
        private readonly bool _dots = p.DotsQuirks;
        private Variable[] _buy = [], _sell = [], _pvUse = [], _pvSell = [], _ev = [], _hp = [], _hhp = [];
        private Variable[] _ch = [], _batUse = [], _batSell = [];
        private Variable[] _qDhwTank = [], _qBuffer = [], _qHouse = [], _element = [];
        private Variable[] _hQBuffer = [], _hQHouse = [];
        private LinearExpression? _peakFirst;
        private bool _houseMax;

        public Model Model { get; } = new("ems");

        private double R(double v) => _dots ? Math.Round(v, 5) : v;

        private Variable[] Vars(string name, int count, double lower = 0, double upper = double.PositiveInfinity)
        {
            var v = new Variable[count];
            for (int t = 0; t < count; t++)
            {
                v[t] = Model.Continuous(name + "_" + t, lower, upper);
            }

            return v;
        }

        private Variable[] Binaries(string name)
        {
            var v = new Variable[_n];
            for (int t = 0; t < _n; t++)
            {
                v[t] = Model.Binary(name + "_" + t);
            }

            return v;
        }

        public void Build()
        {
            var objective = new LinearExpression();
            _buy = Vars("e_buy", _n);
            _sell = Vars("e_sell", _n);
            var load = new LinearExpression[_n];
            var feed = new LinearExpression[_n];
            for (int t = 0; t < _n; t++)
            {
                load[t] = new LinearExpression();
                feed[t] = new LinearExpression();
            }

            if (p.PvMaxW is { } pvMax)
            {
                _pvUse = Vars("p_pv_use", _n);
                _pvSell = Vars("p_pv_sell", _n);
                for (int t = 0; t < _n; t++)
                {
                    Model.AddLe(new LinearExpression().Add(_pvUse[t]).Add(_pvSell[t]), Math.Max(R(pvMax[t]), 0), "pv_" + t);
                    load[t].Add(_pvUse[t], -1);
                    feed[t].Add(_pvSell[t]);
                }
            }

            if (p.Battery is { } bat)
            {
                AddBattery(bat, load, feed);
            }

            if (p.HeatPump is { } hp)
            {
                AddHeatPump(hp, p.House!, load, objective);
            }
            else if (p.Hybrid is { } hy)
            {
                AddHybrid(hy, p.House!, load, objective);
            }

            if (p.Ev is { } ev)
            {
                AddEv(ev, load, objective);
            }

            bool limit = double.IsFinite(p.GridLimitW);
            var zBuy = limit ? Binaries("z_buy") : [];
            for (int t = 0; t < _n; t++)
            {
                // e_buy = (demand − pv_use + …)·dt: an equality with a non-negative variable, as DOTS
                var buyRow = new LinearExpression().Add(_buy[t]).Add(load[t], -_dt);
                Model.AddEq(buyRow, R(p.DemandW[t]) * _dt, "buy_" + t);
                var sellRow = new LinearExpression().Add(_sell[t]).Add(feed[t], -_dt);
                Model.AddEq(sellRow, 0, "sell_" + t);
                if (limit)
                {
                    double cap = p.GridLimitW * _dt;
                    Model.AddLe(new LinearExpression().Add(_buy[t]).Add(zBuy[t], -cap), 0, "buy_limit_" + t);
                    Model.AddLe(new LinearExpression().Add(_sell[t]).Add(zBuy[t], cap), cap, "sell_limit_" + t);
                }

                objective.Add(_buy[t], R(p.BuyEurPerKwh[t]) / JPerKwh);
                objective.Add(_sell[t], -R(p.SellEurPerKwh[t]) / JPerKwh);
            }

            AddTariff(objective);
            Model.Minimize(objective.Scale(Scale));
        }

        private void AddTariff(LinearExpression objective)
        {
            switch (p.Tariff)
            {
                case GridTariffKind.StaticBandwidth:
                    var bw = Vars("bw_cost", _n);
                    for (int t = 0; t < _n; t++)
                    {
                        // bw ≥ price·(exchange − capacity·dt)/3.6e6
                        double price = R(p.BandwidthPriceEurPerKwh) / JPerKwh;
                        var row = new LinearExpression().Add(bw[t]).Add(_buy[t], -price).Add(_sell[t], -price);
                        Model.AddGe(row, -price * p.BandwidthW * _dt, "bw_" + t);
                        objective.Add(bw[t]);
                    }

                    break;
                case GridTariffKind.Variable:
                    for (int t = 0; t < _n; t++)
                    {
                        double v = R(p.TariffValues![t]) / JPerKwh;
                        objective.Add(_buy[t], v).Add(_sell[t], v);
                    }

                    break;
                case GridTariffKind.VariablePeak:
                    var peakMax = Model.Continuous("peak_max", Math.Max(p.PeakOldEur, 0));
                    for (int t = 0; t < _n; t++)
                    {
                        double k = R(p.TariffValues![t]) / (_dt * 1000);
                        var peak = new LinearExpression().Add(_buy[t], k).Add(_sell[t], k);
                        if (t == 0)
                        {
                            _peakFirst = peak.Clone();
                        }

                        Model.AddGe(new LinearExpression().Add(peakMax).Add(peak, -1), 0, "peak_" + t);
                    }

                    objective.Add(peakMax);
                    break;
            }
        }

        private void AddBattery(EmsBattery bat, LinearExpression[] load, LinearExpression[] feed)
        {
            double etaC = bat.ChargeEfficiency, etaD = _dots ? bat.ChargeEfficiency : bat.DischargeEfficiency;
            double maxD = _dots ? bat.MaxChargeW : bat.MaxDischargeW;
            _ch = Vars("p_ch", _n);
            _batUse = Vars("p_bat_use", _n);
            _batSell = Vars("p_bat_sell", _n);
            var z = Binaries("z_ch");
            var soc = Vars("soc", _n + 1, 0, bat.CapacityJ / Mj);
            Model.AddEq(soc[0], Math.Clamp(R(bat.SocJ), 0, bat.CapacityJ) / Mj, "soc_init");
            Model.AddGe(soc[_n], bat.TerminalFraction * bat.CapacityJ / Mj, "soc_end");
            for (int t = 0; t < _n; t++)
            {
                Model.AddLe(new LinearExpression().Add(_ch[t]).Add(z[t], -bat.MaxChargeW), 0, "ch_" + t);
                Model.AddLe(new LinearExpression().Add(_batUse[t], 1 / etaD).Add(_batSell[t], 1 / etaD).Add(z[t], maxD), maxD, "dis_" + t);
                var row = new LinearExpression().Add(soc[t + 1]).Add(soc[t], -1).Add(_ch[t], -etaC * _dt / Mj).Add(_batUse[t], _dt / etaD / Mj).Add(_batSell[t], _dt / etaD / Mj);
                Model.AddEq(row, 0, "soc_" + t);
                load[t].Add(_ch[t]).Add(_batUse[t], -1);
                feed[t].Add(_batSell[t]);
            }
        }

        /// <summary>The house's states and dynamics; returns T_in (bounds and terminal applied).</summary>
        private Variable[] AddHouse(EmsHouse h, Variable[] qHouse, LinearExpression objective, string prefix)
        {
            var tIn = Vars(prefix + "T_in", _n + 1, double.NegativeInfinity);
            var tOut = Vars(prefix + "T_out", _n + 1, double.NegativeInfinity);
            Model.AddEq(tIn[0], R(h.TInK), prefix + "T_in_0");
            Model.AddEq(tOut[0], R(h.TOutK), prefix + "T_out_0");
            _houseMax = !Overheats(h, p.AirK, p.SoilK, p.IrradianceWm2, _n, _dt, sunOnFabric: _dots);
            for (int t = 0; t < _n; t++)
            {
                double air = R(p.AirK[t]), soil = R(p.SoilK[t]), sun = h.GlassM2 * R(p.IrradianceWm2[t]);

                // C_in·T_in[t+1] = C_in·T_in[t] + dt·(−(k_vent+k_exch+k_floor)·T_in + k_exch·T_out + k_vent·T_air + k_floor·T_soil + A·I + Q_house),
                // written divided by C_in (and the fabric row by C_out): rows of K, not of J, keep the solvers' tolerances meaningful
                double a = _dt / h.CIn, c = _dt / h.COut;
                var rowIn = new LinearExpression().Add(tIn[t + 1]).Add(tIn[t], -1 + (a * (h.KVent + h.KExch + h.KFloor)))
                    .Add(tOut[t], -a * h.KExch).Add(qHouse[t], -a);
                Model.AddEq(rowIn, a * ((h.KVent * air) + (h.KFloor * soil) + sun), prefix + "house_in_" + t);
                var rowOut = new LinearExpression().Add(tOut[t + 1]).Add(tOut[t], -1 + (c * (h.KCond + h.KExch))).Add(tIn[t], -c * h.KExch);
                Model.AddEq(rowOut, c * h.KCond * air, prefix + "house_out_" + t);
            }

            for (int s = 1; s <= _n; s++)
            {
                Soft(tIn[s], h.MinK, lower: true, objective, prefix + "T_in_min_" + s);
                if (_houseMax)
                {
                    Soft(tIn[s], h.MaxK, lower: false, objective, prefix + "T_in_max_" + s);
                }
            }

            Soft(tIn[_n], h.HorizonK, lower: true, objective, prefix + "T_in_hor");
            return tIn;
        }

        /// <summary>A bound on a temperature: hard under DOTS quirks, else with a penalised slack (K).</summary>
        private void Soft(Variable x, double bound, bool lower, LinearExpression objective, string name)
        {
            var row = new LinearExpression().Add(x);
            if (!_dots)
            {
                var slack = Model.Continuous(name + "_slack");
                row.Add(slack, lower ? 1 : -1);
                objective.Add(slack, ComfortPenaltyEurPerKStep);
            }

            if (lower)
            {
                Model.AddGe(row, bound, name);
            }
            else
            {
                Model.AddLe(row, bound, name);
            }
        }

        private void AddHeatPump(EmsHeatPump hp, EmsHouse house, LinearExpression[] load, LinearExpression objective)
        {
            bool tank = double.IsFinite(hp.DhwMinK) && double.IsFinite(hp.DhwMaxK);
            _qDhwTank = Vars("Q_dhw_tank", _n, 0, tank ? double.PositiveInfinity : 0);
            _qBuffer = Vars("Q_buffer", _n);
            _qHouse = Vars("Q_house", _n);
            _hp = Vars("p_hp", _n);
            var onSh = Binaries("z_on_sh");
            var onDhw = Binaries("z_on_dhw");
            _element = Binaries("z_element");
            var tDhw = Vars("T_dhw", _n + 1, double.NegativeInfinity);
            var tBuf = Vars("T_buffer", _n + 1, double.NegativeInfinity);
            Model.AddEq(tDhw[0], R(hp.DhwK), "T_dhw_0");
            Model.AddEq(tBuf[0], R(hp.BufferK), "T_buffer_0");
            double qMin = hp.MinRel * hp.QNominalW;
            for (int t = 0; t < _n; t++)
            {
                Model.AddLe(new LinearExpression().Add(_qDhwTank[t]).Add(onDhw[t], -hp.QNominalW), 0, "dhw_max_" + t);
                Model.AddGe(new LinearExpression().Add(_qDhwTank[t]).Add(onDhw[t], -qMin), 0, "dhw_min_" + t);
                Model.AddLe(new LinearExpression().Add(_qBuffer[t]).Add(onSh[t], -hp.QNominalW), 0, "sh_max_" + t);
                Model.AddGe(new LinearExpression().Add(_qBuffer[t]).Add(onSh[t], -qMin), 0, "sh_min_" + t);
                Model.AddLe(new LinearExpression().Add(onSh[t]).Add(onDhw[t]), 1, "one_mode_" + t);
                double tap = R(hp.TapHeatW[t]);
                double d = _dt / hp.DhwCapacitance, bq = _dt / hp.BufferCapacitance;
                var rowDhw = new LinearExpression().Add(tDhw[t + 1]).Add(tDhw[t], -1).Add(_qDhwTank[t], -d).Add(_element[t], -d * hp.ElementW);
                Model.AddEq(rowDhw, -d * tap, "dhw_" + t);
                var rowBuf = new LinearExpression().Add(tBuf[t + 1]).Add(tBuf[t], -1).Add(_qBuffer[t], -bq).Add(_qHouse[t], bq);
                Model.AddEq(rowBuf, 0, "buffer_" + t);
                var power = new LinearExpression().Add(_hp[t]).Add(_qBuffer[t], -1 / hp.CopSpaceHeating).Add(_qDhwTank[t], -1 / hp.CopHotWater).Add(_element[t], -hp.ElementW / hp.CopElement);
                Model.AddEq(power, 0, "p_hp_" + t);
                load[t].Add(_hp[t]);
            }

            for (int s = 1; s <= _n && tank; s++)
            {
                Soft(tDhw[s], hp.DhwMinK, lower: true, objective, "T_dhw_min_" + s);
                Soft(tDhw[s], hp.DhwMaxK, lower: false, objective, "T_dhw_max_" + s);
            }

            for (int s = 1; s <= _n; s++)
            {
                Soft(tBuf[s], hp.BufferMinK, lower: true, objective, "T_buffer_min_" + s);
                Soft(tBuf[s], hp.BufferMaxK, lower: false, objective, "T_buffer_max_" + s);
            }

            if (tank)
            {
                Soft(tDhw[_n], hp.DhwHorizonK, lower: true, objective, "T_dhw_hor");
            }
            else
            {
                for (int t = 0; t < _n; t++)
                {
                    Model.AddEq(_element[t], 0, "no_element_" + t);
                }
            }
            Soft(tBuf[_n], hp.BufferHorizonK, lower: true, objective, "T_buffer_hor");
            AddHouse(house, _qHouse, objective, string.Empty);
        }

        private void AddHybrid(EmsHybrid hy, EmsHouse house, LinearExpression[] load, LinearExpression objective)
        {
            _hQBuffer = Vars("Q_buffer_hhp", _n);
            _hQHouse = Vars("Q_house_hhp", _n);
            _hhp = Vars("p_hhp", _n);
            var on = Binaries("z_on_hhp");
            var tBuf = Vars("T_buffer_hhp", _n + 1, double.NegativeInfinity);
            Model.AddEq(tBuf[0], R(hy.BufferK), "T_buffer_hhp_0");
            double qMin = hy.MinRel * hy.QNominalW;
            for (int t = 0; t < _n; t++)
            {
                Model.AddLe(new LinearExpression().Add(_hQBuffer[t]).Add(on[t], -hy.QNominalW), 0, "hhp_max_" + t);
                Model.AddGe(new LinearExpression().Add(_hQBuffer[t]).Add(on[t], -qMin), 0, "hhp_min_" + t);
                Model.AddEq(new LinearExpression().Add(_hQBuffer[t]).Add(_hhp[t], -hy.Cop[t]), 0, "hhp_cop_" + t);
                double bq = _dt / hy.BufferCapacitance;
                var rowBuf = new LinearExpression().Add(tBuf[t + 1]).Add(tBuf[t], -1).Add(_hQBuffer[t], -bq).Add(_hQHouse[t], bq);
                Model.AddEq(rowBuf, 0, "buffer_hhp_" + t);
                load[t].Add(_hhp[t]);
            }

            for (int s = 1; s <= _n; s++)
            {
                Soft(tBuf[s], hy.BufferMinK, lower: true, objective, "T_buffer_hhp_min_" + s);
                Soft(tBuf[s], hy.BufferMaxK, lower: false, objective, "T_buffer_hhp_max_" + s);
            }

            Soft(tBuf[_n], hy.BufferHorizonK, lower: true, objective, "T_buffer_hhp_hor");
            AddHouse(house, _hQHouse, objective, "hhp_");
        }

        private void AddEv(EmsEv ev, LinearExpression[] load, LinearExpression objective)
        {
            var available = new bool[_n];
            var charging = new bool[_n];
            foreach (var s in ev.Sessions)
            {
                for (int t = Math.Max(0, s.Arrival); t < Math.Min(s.Departure, _n); t++)
                {
                    available[t] = true;
                    charging[t] = true;
                }
            }

            _ev = new Variable[_n];
            for (int t = 0; t < _n; t++)
            {
                _ev[t] = Model.Continuous("p_ev_" + t, 0, available[t] ? ev.PowerW : 0);
                load[t].Add(_ev[t]);
            }

            var soc = Vars("soc_ev", _n + 1, 0, ev.MaxSocJ / Mj);
            Model.AddEq(soc[0], Math.Min(R(ev.SocJ), ev.MaxSocJ) / Mj, "soc_ev_init");
            double eta = _dots ? 1.0 : ev.Efficiency;
            foreach (var s in ev.Sessions)
            {
                // the arrival energy is given at the arrival step (at step 0 it is the present state itself)
                if (s.Arrival is > 0 and <= int.MaxValue && s.Arrival <= _n)
                {
                    Model.AddEq(soc[s.Arrival], s.ArrivalSocJ / Mj, "arrival_" + s.Arrival);
                }

                if (s.Departure > 0 && s.Departure <= _n)
                {
                    var row = new LinearExpression().Add(soc[s.Departure]);
                    if (!_dots)
                    {
                        var slack = Model.Continuous("departure_slack_" + s.Departure);
                        row.Add(slack);
                        objective.Add(slack, EvPenaltyEurPerKwh * Mj / JPerKwh);
                    }

                    Model.AddGe(row, Math.Min(s.DepartureSocJ, ev.MaxSocJ) / Mj, "departure_" + s.Departure);
                }
            }

            for (int t = 0; t < _n; t++)
            {
                if (charging[t])
                {
                    Model.AddEq(new LinearExpression().Add(soc[t + 1]).Add(soc[t], -1).Add(_ev[t], -_dt * eta / Mj), 0, "soc_ev_" + t);
                }
            }
        }

        public string InfeasibleHint()
        {
            var hints = new List<string>();
            if (p.Ev is { } ev)
            {
                foreach (var s in ev.Sessions.Where(s => s.Departure > 0 && s.Departure <= _n))
                {
                    double have = s.Arrival > 0 ? s.ArrivalSocJ : ev.SocJ;
                    int steps = s.Departure - Math.Max(s.Arrival, 0);
                    if (have + (steps * ev.PowerW * _dt) < s.DepartureSocJ)
                    {
                        hints.Add($"the EV cannot reach {s.DepartureSocJ:0} J by its departure in {s.Departure} steps ({have:0} J now, {ev.PowerW:0} W)");
                    }
                }

                foreach (var s in ev.Sessions.Where(s => s.ArrivalSocJ > ev.MaxSocJ))
                {
                    hints.Add($"an EV arrives with {s.ArrivalSocJ:0} J, above its max_soc {ev.MaxSocJ:0} J");
                }
            }

            if (p.House is { } h && (h.TInK < h.MinK || (h.TInK > h.MaxK && _houseMax)))
            {
                hints.Add($"the house is at {h.TInK:0.###} K, outside {h.MinK:0.###}..{h.MaxK:0.###} K");
            }

            if (p.HeatPump is { } hp)
            {
                if (hp.BufferK < hp.BufferMinK || hp.BufferK > hp.BufferMaxK)
                {
                    hints.Add($"the buffer is at {hp.BufferK:0.###} K, outside {hp.BufferMinK:0.###}..{hp.BufferMaxK:0.###} K");
                }

                if (hp.DhwK < hp.DhwMinK || hp.DhwK > hp.DhwMaxK)
                {
                    hints.Add($"the hot-water tank is at {hp.DhwK:0.###} K, outside {hp.DhwMinK:0.###}..{hp.DhwMaxK:0.###} K");
                }
            }

            return hints.Count > 0 ? string.Join("; ", hints) : "the heat pump cannot keep the house, buffer or tank within bounds, or a limit of 17 kW at the connection is exceeded";
        }

        public EmsPlan Read(Solution s, bool keep, double seconds)
        {
            // solver noise around zero (±1e-11 W) is zero
            double V(Variable[] v, int t) => v.Length > t && Math.Abs(s.Value(v[t])) > 1e-7 ? s.Value(v[t]) : 0;
            double[]? Series(Func<int, double> f) => keep ? [.. Enumerable.Range(0, _n).Select(f)] : null;
            double battery(int t) => V(_ch, t) - V(_batUse, t) - V(_batSell, t);
            var hp = p.HeatPump;
            return new EmsPlan
            {
                Status = s.Status,
                Feasible = true,
                Objective = s.Objective / Scale,
                BestBound = s.BestBound / Scale,
                SolveSeconds = seconds,
                Message = s.Message,
                PvUseW = V(_pvUse, 0),
                PvSellW = V(_pvSell, 0),
                EvW = V(_ev, 0),
                HeatPumpW = V(_hp, 0),
                HybridW = V(_hhp, 0),
                BatteryW = battery(0),
                ImportW = V(_buy, 0) / _dt,
                ExportW = V(_sell, 0) / _dt,
                HeatToDhwTankW = V(_qDhwTank, 0) + (hp is null ? 0 : Math.Round(V(_element, 0)) * hp.ElementW),
                HeatToBufferW = V(_qBuffer, 0),
                HeatToDhwW = hp is null ? 0 : R(hp.TapHeatW[0]),
                HeatToHouseW = V(_qHouse, 0),
                HybridHeatToBufferW = V(_hQBuffer, 0),
                HybridHeatToHouseW = V(_hQHouse, 0),
                PeakFirstEur = _peakFirst is null ? 0 : s.Value(_peakFirst),
                HouseMaxImposed = _houseMax,
                ImportSeriesW = Series(t => V(_buy, t) / _dt),
                ExportSeriesW = Series(t => V(_sell, t) / _dt),
                EvSeriesW = Series(t => V(_ev, t)),
                HeatPumpSeriesW = Series(t => V(_hp, t)),
                HybridSeriesW = Series(t => V(_hhp, t)),
                BatterySeriesW = Series(battery),
            };
        }
    }
}
