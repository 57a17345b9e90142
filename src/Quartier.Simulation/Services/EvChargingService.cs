using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Resources.Devices;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// DOTS's EV charging station: charging sessions from the description JSON (arrival/departure PTUs of
/// 15 min counted from the simulation start, states of charge in J, max_soc, efficiency) and the
/// station's <c>power</c> limit. Each step it applies the previous step's dispatch, then publishes the
/// state of charge, whether a car is plugged in, the most it can take, and the least it must take now to
/// reach the departure target. The car is an S2 FRBC resource (<see cref="EvResource"/>, modes IDLE and
/// FORCED_CHARGE): it is plugged in at arrival with the session's state of charge and target, and each step executes
/// the EMS's dispatch for the interval just ended as a FORCED_CHARGE instruction with factor dispatch / power.
/// </summary>
public sealed class EvChargingService : CalculationService
{
    public const int PtuSeconds = 900;
    public const string Dispatch = "dispatch_ev";
    public const string StateOfCharge = "state_of_charge";
    public const string Plugged = "plugged_in";
    public const string MaxCharge = "max_charge_power";
    public const string RequiredPower = "required_power";
    public const string Shortfall = "departure_shortfall";

    private Session[][] _sessions = [];
    private int[] _current = [];
    private int[] _next = [];
    private double[] _socWh = [];
    private EvResource[] _cars = [];
    private DateTime _start;
    private double[] _maxSocWh = [];
    private double[] _power = [];
    private double[] _eta = [];
    private double[] _shortfallWh = [];
    private int _dt;
    private InputBinding _dispatch = null!;
    private ArraySegment<double> _outSoc;
    private ArraySegment<double> _outPlugged;
    private ArraySegment<double> _outMax;
    private ArraySegment<double> _outRequired;
    private ArraySegment<double> _outShortfall;

    public override string Name => "ev";

    public override AssetKind Kind => AssetKind.EVChargingStation;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(StateOfCharge, "Wh"),
        new(Plugged, "0/1"),
        new(MaxCharge, "W"),
        new(RequiredPower, "W"),
        new(Shortfall, "Wh", "energy missing at departures so far"),
    ];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } =
        [new("dispatch", AssetKind.EConnection, Dispatch, Routing.Auto, Delayed: true)];

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _sessions = new Session[n][];
        _current = new int[n];
        _next = new int[n];
        _socWh = new double[n];
        _maxSocWh = new double[n];
        _power = new double[n];
        _eta = new double[n];
        _shortfallWh = new double[n];
        _cars = new EvResource[n];
        _dt = context.Grid.StepSeconds;
        _start = context.Grid.Start;
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            _power[i] = a.RequiredDouble("power");
            if (_power[i] <= 0)
            {
                throw a.Error($"EVChargingStation '{a.Name}' power must be positive (W)");
            }

            var arrivals = a.ParameterArray("arrival_ptus");
            var departures = a.ParameterArray("departure_ptus");
            var arrivalSocs = a.ParameterArray("arrival_socs");
            var departureSocs = a.ParameterArray("departure_socs");
            if (arrivals.Length != departures.Length || arrivals.Length != arrivalSocs.Length || arrivals.Length != departureSocs.Length)
            {
                throw a.Error($"EVChargingStation '{a.Name}': arrival_ptus, departure_ptus, arrival_socs and departure_socs must have the same length");
            }

            _maxSocWh[i] = UnitConvert.JoulesToWattHours(a.ParameterOr("max_soc", arrivalSocs.Length == 0 ? 0 : departureSocs.Max()));
            _eta[i] = a.ParameterOr("efficiency", 1.0);
            if (_eta[i] is <= 0 or > 1)
            {
                throw a.Error($"EVChargingStation '{a.Name}' efficiency {_eta[i]} must be in (0, 1]");
            }

            var sessions = new Session[arrivals.Length];
            for (int s = 0; s < sessions.Length; s++)
            {
                if (departures[s] <= arrivals[s])
                {
                    throw a.Error($"EVChargingStation '{a.Name}' session {s}: departure PTU {departures[s]} is not after arrival PTU {arrivals[s]}");
                }

                var arrivalWh = UnitConvert.JoulesToWattHours(arrivalSocs[s]);
                var departureWh = UnitConvert.JoulesToWattHours(departureSocs[s]);
                if (arrivalWh < 0 || departureWh > _maxSocWh[i] * (1 + 1e-9))
                {
                    throw a.Error($"EVChargingStation '{a.Name}' session {s}: states of charge must lie in 0..max_soc");
                }

                sessions[s] = new Session((long)arrivals[s] * PtuSeconds, (long)departures[s] * PtuSeconds, arrivalWh, departureWh);
            }

            Array.Sort(sessions, (x, y) => x.Arrival.CompareTo(y.Arrival));
            for (int s = 1; s < sessions.Length; s++)
            {
                if (sessions[s].Arrival < sessions[s - 1].Departure)
                {
                    throw a.Error($"EVChargingStation '{a.Name}': sessions overlap (arrival at PTU {sessions[s].Arrival / PtuSeconds} before the departure at PTU {sessions[s - 1].Departure / PtuSeconds})");
                }
            }

            _sessions[i] = sessions;
            _current[i] = -1;
            var spec = new EvSpec { CapacityWh = Math.Max(_maxSocWh[i], 1e-9), MaxChargePowerW = _power[i], ChargeEfficiency = _eta[i], InitialSoc = 0 };
            _cars[i] = new EvResource(a.Id, spec);
        }

        _dispatch = context.Input("dispatch");
        _outSoc = context.Output(StateOfCharge);
        _outPlugged = context.Output(Plugged);
        _outMax = context.Output(MaxCharge);
        _outRequired = context.Output(RequiredPower);
        _outShortfall = context.Output(Shortfall);
    }

    public override bool Partitionable => true;

    public override void Step(in StepContext step) => StepRange(step, 0, _sessions.Length);

    public override void StepRange(in StepContext step, int from, int to)
    {
        long t = step.Seconds;
        double hours = _dt / 3600.0;
        var previous = new DateTimeOffset(_start.AddSeconds(t - _dt), TimeSpan.Zero);
        for (int i = from; i < to; i++)
        {
            var sessions = _sessions[i];
            var car = _cars[i];
            int c = _current[i];
            if (c >= 0 && step.Index > 1)
            {
                double dispatch = Math.Max(0, _dispatch.First(i));
                var mode = dispatch > 0 ? EvMode.ForcedCharge : EvMode.Idle;
                double factor = Math.Min(1, dispatch / _power[i]);
                if (mode != car.Mode || factor != car.Factor)
                {
                    car.Instruct(mode, factor, previous);
                }

                if (car.Mode != EvMode.Idle)
                {
                    // an idle car's state of charge does not move (the EV resource has no leakage)
                    car.Step(previous, _dt);
                    _socWh[i] = car.Soc * car.Spec.CapacityWh;
                }
            }

            if (c >= 0 && t >= sessions[c].Departure)
            {
                _shortfallWh[i] += Math.Max(0, sessions[c].DepartureWh - _socWh[i]);
                car.Unplug();
                c = -1;
            }

            if (c < 0)
            {
                int next = _next[i];
                while (next < sessions.Length && sessions[next].Departure <= t)
                {
                    next++;
                }

                if (next < sessions.Length && sessions[next].Arrival <= t)
                {
                    c = next;
                    _socWh[i] = sessions[next].ArrivalWh;
                    car.SetSoc(Math.Min(1, _socWh[i] / car.Spec.CapacityWh));
                    car.Plug(new DateTimeOffset(_start.AddSeconds(sessions[next].Departure), TimeSpan.Zero), Math.Min(1, sessions[next].DepartureWh / car.Spec.CapacityWh));
                    next++;
                }

                _next[i] = next;
            }

            _current[i] = c;
            _outSoc[i] = _socWh[i];
            _outShortfall[i] = _shortfallWh[i];
            if (c < 0)
            {
                _outPlugged[i] = 0;
                _outMax[i] = 0;
                _outRequired[i] = 0;
                continue;
            }

            double max = Math.Min(_power[i], Math.Max(0, _maxSocWh[i] - _socWh[i]) / (_eta[i] * hours));
            double needWh = Math.Max(0, sessions[c].DepartureWh - _socWh[i]) / _eta[i];
            double left = sessions[c].Departure - t;
            double laterWh = _power[i] * Math.Max(0, left - _dt) / 3600.0;
            double required = Math.Clamp((needWh - laterWh) / hours, 0, max);
            _outPlugged[i] = 1;
            _outMax[i] = max;
            _outRequired[i] = required;
        }
    }

    private readonly record struct Session(long Arrival, long Departure, double ArrivalWh, double DepartureWh);
}
