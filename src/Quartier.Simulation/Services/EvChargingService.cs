using System.Collections.Concurrent;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Parallelism;
using Quartier.Core.Units;
using Quartier.Resources.Devices;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>Which rules the EV charging station follows.</summary>
public enum EvRules
{
    /// <summary>
    /// DOTS's EV service (default for ESDL runs): an arrival PTU p is seen at step p + 1 (DOTS's EMS reads PTUs at index
    /// s − 1 at step s, so PTU p is present at steps p + 1 … d); charging is lossless (<c>efficiency</c> is read, not
    /// applied); the state of charge is kept in J; the dispatch is trusted, not clamped: more than <c>power</c> + 0.001 W,
    /// or a state of charge above <c>max_soc</c> (less than 1 J over is snapped) or below 0 (less than 1 J under is
    /// snapped), is an error that fails the run; a dispatch is integrated whether or not a car is there; an arrival
    /// state of charge above <c>max_soc</c> is refused at load.
    /// </summary>
    Dots,

    /// <summary>Quartier's physics: PTU p present from step p; efficiency applied; dispatch clamped to 0..power and to the room left; arrival above max_soc accepted (clamped).</summary>
    Quartier,
}

/// <summary>
/// DOTS's EV charging station: charging sessions from the description JSON (arrival/departure PTUs of
/// 15 min counted from the simulation start, states of charge in J, max_soc, efficiency) and the
/// station's <c>power</c> limit. Each step it applies the previous step's dispatch, then publishes the
/// state of charge, whether a car is plugged in, the most it can take, and the least it must take now to
/// reach the departure target. The car is an S2 FRBC resource (<see cref="EvResource"/>, modes IDLE and
/// FORCED_CHARGE): it is plugged in at arrival with the session's state of charge and target, and each step executes
/// the EMS's dispatch for the interval just ended as a FORCED_CHARGE instruction with factor dispatch / power.
/// Under <see cref="EvRules.Dots"/> (the default) the state of charge follows DOTS's EV service exactly (in J, see
/// <see cref="EvRules"/>) and the resource is kept in step with it; <c>state_of_charge_ev</c> publishes it in J
/// (DOTS's name), <c>state_of_charge</c> in Wh.
/// </summary>
public sealed class EvChargingService : CalculationService
{
    public const int PtuSeconds = 900;
    public const string Dispatch = "dispatch_ev";
    public const string StateOfCharge = "state_of_charge";
    public const string StateOfChargeJ = "state_of_charge_ev";

    /// <summary>DOTS's tolerance on a dispatch above the station's power (W): a smaller excess is clipped.</summary>
    public const double PowerTolerance = 0.001;

    private readonly EvRules _rules;
    public const string Plugged = "plugged_in";
    public const string MaxCharge = "max_charge_power";
    public const string RequiredPower = "required_power";
    public const string Shortfall = "departure_shortfall";

    private Session[][] _sessions = [];
    private int[] _current = [];
    private int[] _next = [];
    private double[] _socWh = [];
    private double[] _socJ = [];
    private double[] _maxSocJ = [];
    private EvFleet _cars = new([]);
    private DateTime _start;
    private double[] _maxSocWh = [];
    private double[] _power = [];
    private string[] _names = [];
    private double[] _eta = [];
    private double[] _shortfallWh = [];

    // DOTS: the last update had no car and no dispatch; another such update leaves the state of charge as it is (see ApplyDots)
    private bool[] _rest = [];
    private int _dt;

    // whether the step in hours is a power of two (a quarter hour is): then dividing by it is multiplying by its reciprocal, bit for bit
    private bool _hoursExact;
    private double _perHour;
    private InputBinding _dispatch = null!;
    private ArraySegment<double> _outSoc;
    private ArraySegment<double> _outSocJ;
    private ArraySegment<double> _outPlugged;
    private ArraySegment<double> _outMax;
    private ArraySegment<double> _outRequired;
    private ArraySegment<double> _outShortfall;

    /// <summary>An EV charging station service under <paramref name="rules"/> (DOTS's by default).</summary>
    public EvChargingService(EvRules rules = EvRules.Dots) => _rules = rules;

    public EvRules Rules => _rules;

    /// <summary>Keeps the cars' state in arrays where S2 allows (<see cref="EvFleet"/>); false: every call through the resource.</summary>
    public bool FastPath { get; init; } = true;

    public override string Name => "ev";

    public override AssetKind Kind => AssetKind.EVChargingStation;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(StateOfCharge, "Wh"),
        new(StateOfChargeJ, "J", "state of charge under DOTS's name and unit"),
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
        _socJ = new double[n];
        _maxSocJ = new double[n];
        _maxSocWh = new double[n];
        _power = new double[n];
        _names = new string[n];
        _eta = new double[n];
        _shortfallWh = new double[n];
        _rest = new bool[n];
        var cars = new EvResource[n];
        _dt = context.Grid.StepSeconds;
        _start = context.Grid.Start;
        _hoursExact = ExactArithmetic.IsPowerOfTwo(_dt / 3600.0);
        _perHour = 1 / (_dt / 3600.0);
        // chargers with the same sessions share one array: memory by distinct session lists, not by chargers × days (which
        // copy is kept does not matter: they are equal)
        var shared = new ConcurrentDictionary<Session[], Session[]>(SessionListComparer.Instance);

        // each charger's sessions read and checked on its own, over the cores (a year of sessions is thousands of numbers per charger)
        IndexedWork.For(n, i =>
        {
            var a = context.Assets[i];
            _names[i] = a.Name;
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

            _maxSocJ[i] = a.ParameterOr("max_soc", arrivalSocs.Length == 0 ? 0 : departureSocs.Max());
            _maxSocWh[i] = UnitConvert.JoulesToWattHours(_maxSocJ[i]);
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

                if (_rules == EvRules.Dots && arrivalSocs[s] > _maxSocJ[i])
                {
                    throw a.Error($"EVChargingStation '{a.Name}' session {s}: arrival_socs {arrivalSocs[s]:R} J is above max_soc {_maxSocJ[i]:R} J (DOTS fails such a run)", "arrival_socs");
                }

                // DOTS: PTU p is seen at step p + 1 (its EMS reads PTUs at index s − 1 at step s), so the car is there at steps
                // p + 1 … d: in Quartier's time base it arrives at (p + 1)·900 s and leaves at (d + 1)·900 s
                long shift = _rules == EvRules.Dots ? 1 : 0;
                sessions[s] = new Session(((long)arrivals[s] + shift) * PtuSeconds, ((long)departures[s] + shift) * PtuSeconds, arrivalWh, departureWh, arrivalSocs[s]);
            }

            if (!InOrder(sessions))
            {
                Array.Sort(sessions, (x, y) => x.Arrival.CompareTo(y.Arrival));
            }

            for (int s = 1; s < sessions.Length; s++)
            {
                if (sessions[s].Arrival < sessions[s - 1].Departure)
                {
                    throw a.Error($"EVChargingStation '{a.Name}': sessions overlap (arrival at PTU {sessions[s].Arrival / PtuSeconds} before the departure at PTU {sessions[s - 1].Departure / PtuSeconds})");
                }
            }

            _sessions[i] = shared.GetOrAdd(sessions, sessions);
            _current[i] = -1;
            double eta = _rules == EvRules.Dots ? 1.0 : _eta[i];
            var spec = new EvSpec { CapacityWh = Math.Max(_maxSocWh[i], 1e-9), MaxChargePowerW = _power[i], ChargeEfficiency = eta, InitialSoc = 0 };
            cars[i] = new EvResource(a.Id, spec);
        });

        _cars = new EvFleet(cars, FastPath);

        _dispatch = context.Input("dispatch");
        _outSoc = context.Output(StateOfCharge);
        _outSocJ = context.Output(StateOfChargeJ);
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
        bool hoursExact = _hoursExact;
        double perHour = _perHour;
        var previous = new DateTimeOffset(_start.AddSeconds(t - _dt), TimeSpan.Zero);
        var cars = _cars;
        Span<double> outSoc = _outSoc, outSocJ = _outSocJ, outShortfall = _outShortfall, outPlugged = _outPlugged, outMax = _outMax, outRequired = _outRequired;
        for (int i = from; i < to; i++)
        {
            var sessions = _sessions[i];
            int c = _current[i];
            if (_rules == EvRules.Dots)
            {
                if (step.Index > 1 && !(c < 0 && _rest[i] && _dispatch.First(i) == 0))
                {
                    ApplyDots(i, step.Index - 1, c >= 0, previous);
                }
            }
            else if (c >= 0 && step.Index > 1)
            {
                double dispatch = Math.Max(0, _dispatch.First(i));
                var mode = dispatch > 0 ? EvMode.ForcedCharge : EvMode.Idle;
                double factor = Math.Min(1, dispatch / _power[i]);
                if (mode != cars.Mode(i) || factor != cars.Factor(i))
                {
                    cars.Instruct(i, mode, factor, previous);
                }

                if (cars.Mode(i) != EvMode.Idle)
                {
                    // an idle car's state of charge does not move (the EV resource has no leakage)
                    _socWh[i] = cars.Step(i, previous, _dt) * cars.CapacityWh(i);
                }
            }

            if (c >= 0 && t >= sessions[c].Departure)
            {
                _shortfallWh[i] += Math.Max(0, sessions[c].DepartureWh - _socWh[i]);
                cars.Unplug(i);
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
                    _socJ[i] = sessions[next].ArrivalJ;
                    _rest[i] = false;
                    cars.SetSoc(i, Math.Min(1, _socWh[i] / cars.CapacityWh(i)));
                    cars.Plug(i, new DateTimeOffset(_start.AddSeconds(sessions[next].Departure), TimeSpan.Zero), Math.Min(1, sessions[next].DepartureWh / cars.CapacityWh(i)));
                    next++;
                }

                _next[i] = next;
            }

            _current[i] = c;
            outSoc[i] = _socWh[i];
            outSocJ[i] = _rules == EvRules.Dots ? _socJ[i] : _socWh[i] * 3600.0;
            outShortfall[i] = _shortfallWh[i];
            if (c < 0)
            {
                outPlugged[i] = 0;
                outMax[i] = 0;
                outRequired[i] = 0;
                continue;
            }

            // x / 1 = x, and x / h = x · (1 / h) where h is a power of two (a quarter hour): the same bits without dividing
            double eta = _rules == EvRules.Dots ? 1.0 : _eta[i];
            double headroom = Math.Max(0, _maxSocWh[i] - _socWh[i]);
            double max = Math.Min(_power[i], eta == 1.0 && hoursExact ? headroom * perHour : headroom / (eta * hours));
            double shortWh = Math.Max(0, sessions[c].DepartureWh - _socWh[i]);
            double needWh = eta == 1.0 ? shortWh : shortWh / eta;
            double left = sessions[c].Departure - t;
            double laterWh = _power[i] * Math.Max(0, left - _dt) / 3600.0;
            double required = Math.Clamp(hoursExact ? (needWh - laterWh) * perHour : (needWh - laterWh) / hours, 0, max);
            outPlugged[i] = 1;
            outMax[i] = max;
            outRequired[i] = required;
        }
    }

    /// <summary>
    /// DOTS's state-of-charge update for the dispatch of step <paramref name="dispatchStep"/> (applied at the start of the
    /// next step, equivalent to DOTS's update at the end of the same step): tolerance clip, power check, lossless
    /// integration in J whether or not a car is there, snaps to 0 and to max_soc within 1 J, bounds check. The S2 resource
    /// of a plugged car is instructed as before and set to the resulting state.
    /// </summary>
    private void ApplyDots(int i, int dispatchStep, bool plugged, DateTimeOffset previous)
    {
        double p = _dispatch.First(i);
        double pMax = _power[i];
        double cap = _maxSocJ[i];
        if (p >= pMax && p - pMax < PowerTolerance)
        {
            p = pMax;
        }

        if (p > pMax)
        {
            throw DispatchAbovePower(i, p, dispatchStep, pMax);
        }

        double soc = _socJ[i] + (p * _dt);
        if (Math.Ceiling(soc) == 0)
        {
            soc = 0.0;
        }

        if (soc > cap && Math.Floor(soc) <= cap)
        {
            soc = cap;
        }

        if (Math.Ceiling(soc) < 0 || soc > cap)
        {
            throw SocOutside(i, soc, dispatchStep, cap);
        }

        _socJ[i] = soc;
        _socWh[i] = UnitConvert.JoulesToWattHours(soc);

        // with no car and no dispatch the update is x + 0 · dt then the snaps, which give back what they gave (−0 and
        // anything above −1 J become +0): the next update with a zero dispatch and still no car can be skipped
        _rest[i] = !plugged && p == 0;
        if (plugged)
        {
            var cars = _cars;
            var mode = p > 0 ? EvMode.ForcedCharge : EvMode.Idle;
            double factor = Math.Clamp(p / pMax, 0, 1);
            if (mode != cars.Mode(i) || factor != cars.Factor(i))
            {
                cars.Instruct(i, mode, factor, previous);
            }

            cars.SetSoc(i, Math.Clamp(_socWh[i] / cars.CapacityWh(i), 0, 1));
        }
    }

    // the errors of ApplyDots built out of line, so that its frame stays small
    private SimulationException DispatchAbovePower(int i, double p, int dispatchStep, double pMax) =>
        new($"EVChargingStation '{_names[i]}': dispatch {p:R} W at step {dispatchStep} is above its power {pMax:R} W (DOTS: charging more than its max power)");

    private SimulationException SocOutside(int i, double soc, int dispatchStep, double cap) =>
        new($"EVChargingStation '{_names[i]}': state of charge {soc:R} J after step {dispatchStep} is outside 0..max_soc {cap:R} J (DOTS: charged over/under its capacity)");

    private static bool InOrder(Session[] sessions)
    {
        for (int s = 1; s < sessions.Length; s++)
        {
            if (sessions[s].Arrival < sessions[s - 1].Arrival)
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Session(long Arrival, long Departure, double ArrivalWh, double DepartureWh, double ArrivalJ);

    /// <summary>Session lists equal element by element.</summary>
    private sealed class SessionListComparer : IEqualityComparer<Session[]>
    {
        public static readonly SessionListComparer Instance = new();

        public bool Equals(Session[]? x, Session[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(Session[] obj)
        {
            var hash = new HashCode();
            hash.Add(obj.Length);
            foreach (var s in obj.AsSpan(0, Math.Min(obj.Length, 8)))
            {
                hash.Add(s);
            }

            return hash.ToHashCode();
        }
    }
}
