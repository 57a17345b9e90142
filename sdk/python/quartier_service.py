"""Quartier external calculation services in Python, the way DOTS's template writes them.

A DOTS service ports by changing its imports and base class:

    from quartier_service import CalculationServiceBase, get_single_param_with_name

    class PvInstallation(CalculationServiceBase):
        def init_calculation_service(self, energy_system):
            ...  # read attributes of self.simulator_configuration.esdl_ids from energy_system
        def pv_production(self, param_dict, simulation_time, time_step_number, esdl_id, energy_system):
            irradiance = get_single_param_with_name(param_dict, "solar_irradiance")
            self.influx_connector.set_time_step_data_point(esdl_id, "my_value", simulation_time, 1.0)
            return {"potential_active_power": ...}

    if __name__ == "__main__":
        service = PvInstallation()          # reads input.json next to this file
        service.start_simulation()
        service.stop_simulation()

The service is declared by DOTS's input.json; one method per calculation, named as the calculation. param_dict keys
are "<ESDLType>/<input name>/<publisher esdl id>". Only Python's standard library is used. Quartier starts the process
with QUARTIER_SERVICE_ADDRESS (unix:PATH or tcp:HOST:PORT) to connect to; a service started by hand with
QUARTIER_SERVICE_LISTEN=tcp:HOST:PORT waits there for one run whose services file says "connect". DOTS's SIMULATION_ID,
SIMULATION_START_DATE, SIMULATION_DURATION_IN_SECONDS, LOG_LEVEL and the entry's parameters come in
self.simulator_configuration.environment (and, for a started service, in its environment too).
"""

import array
import datetime
import json
import logging
import os
import socket
import struct
import sys
import time as time_module
import traceback

DECLARE, INIT, READY, STEP, RESULT, ERROR, STOP, LOG = 1, 2, 3, 4, 5, 6, 7, 8

__all__ = [
    "CalculationServiceBase", "EsdlObject", "EnergySystem", "TimeStepInformation",
    "get_single_param_with_name", "get_vector_param_with_name",
]


class TimeStepInformation:
    """DOTS's step information: the calculation's call number (1-based) and how many calls the run makes."""

    def __init__(self, current_time_step_number, max_time_step_number):
        self.current_time_step_number = current_time_step_number
        self.max_time_step_number = max_time_step_number

    def __repr__(self):
        return f"TimeStepInformation({self.current_time_step_number}, {self.max_time_step_number})"


class EsdlObject:
    """An ESDL object the service computes for: id, name, ESDL type and its attributes (texts, as in the ESDL)."""

    def __init__(self, data):
        self.id = data["id"]
        self.name = data["name"]
        self.type = data["type"]
        self.attributes = dict(data.get("attributes", {}))

    def attribute(self, name, default=None, cast=float):
        value = self.attributes.get(name)
        return default if value is None else cast(value)


class EnergySystem:
    """The assigned objects by id (Quartier sends their attributes, not the whole ESDL)."""

    def __init__(self, objects):
        self.objects = {o.id: o for o in objects}

    def __getitem__(self, esdl_id):
        return self.objects[esdl_id]


class SimulatorConfiguration:
    def __init__(self, init):
        env = init.get("environment", {})
        self.simulation_id = init["simulation_id"]
        self.esdl_type = init["esdl_type"]
        self.esdl_ids = [o["id"] for o in init["objects"]]
        self.start_time = datetime.datetime.strptime(init["start"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        self.simulation_duration_in_seconds = int(init["duration_seconds"])
        self.log_level = env.get("LOG_LEVEL", "info")
        self.environment = env


class _Recorder:
    """DOTS's influx_connector: values stored explicitly, per object and name (declared under outputs or recorded)."""

    def __init__(self):
        self._names = {}
        self._objects = {}
        self._points = []

    def _bind(self, names, objects):
        self._names = {n: i for i, n in enumerate(names)}
        self._objects = {o: i for i, o in enumerate(objects)}

    def set_time_step_data_point(self, esdl_id, name, simulation_time, value):
        if name not in self._names:
            raise KeyError(f"'{name}' is neither an output nor a recorded name of this calculation; declare it under 'recorded' in input.json")
        self._points.append((self._objects[esdl_id], self._names[name], float(value)))


def get_single_param_with_name(param_dict, name):
    """The one value of input `name` (DOTS's helper): keys are Type/name/id."""
    for key, value in param_dict.items():
        if key.split("/")[1] == name:
            return value
    raise KeyError(f"no input named '{name}' in {sorted(param_dict)}")


def get_vector_param_with_name(param_dict, name):
    """Every publisher's value of input `name`, in the engine's order."""
    return [value for key, value in param_dict.items() if key.split("/")[1] == name]


class CalculationServiceBase:
    """Base of a service: declared by input.json, one method per calculation, stepped by Quartier's engine."""

    def __init__(self, declaration_path=None):
        if declaration_path is None:
            main = sys.modules.get("__main__")
            folder = os.path.dirname(os.path.abspath(getattr(main, "__file__", "") or "."))
            declaration_path = os.path.join(folder, "input.json")
        with open(declaration_path, encoding="utf-8") as f:
            self._declaration_text = f.read()
        self.declaration = json.loads(self._declaration_text)
        self.influx_connector = _Recorder()
        self.logger = logging.getLogger(self.declaration.get("name", "service"))
        logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.simulator_configuration = None
        self.energy_system = None
        self._socket = None
        self._calculations = []

    # -- what a service implements -------------------------------------------------------------------------
    def init_calculation_service(self, energy_system):
        """Reads what the calculations need from the assigned objects; override it."""

    # -- running ---------------------------------------------------------------------------------------------
    def start_simulation(self):
        """Connects to the engine, declares the service, and serves calls until the engine stops it."""
        listen = os.environ.get("QUARTIER_SERVICE_LISTEN")
        self._socket = _accept(listen) if listen else _connect(os.environ.get("QUARTIER_SERVICE_ADDRESS", ""))
        try:
            self._send(DECLARE, self._declaration_text.encode("utf-8"))
            kind, payload = self._receive()
            if kind == STOP:
                return
            if kind != INIT:
                raise RuntimeError(f"expected INIT, got frame kind {kind}")
            self._initialize(json.loads(payload.decode("utf-8")))
            self._send(READY, b"")
            while True:
                kind, payload = self._receive()
                if kind == STOP:
                    return
                if kind != STEP:
                    raise RuntimeError(f"expected STEP, got frame kind {kind}")
                self._send(RESULT, self._step(payload))
        except Exception:
            message = traceback.format_exc()
            self.logger.error(message)
            try:
                self._send(ERROR, message.encode("utf-8"))
            except OSError:
                pass
            raise

    def stop_simulation(self):
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    # -- protocol ----------------------------------------------------------------------------------------------
    def _initialize(self, init):
        self.simulator_configuration = SimulatorConfiguration(init)
        objects = [EsdlObject(o) for o in init["objects"]]
        self.energy_system = EnergySystem(objects)
        self._calculations = []
        for layout in init["calculations"]:
            method = getattr(self, layout["name"], None)
            if method is None:
                raise AttributeError(f"{type(self).__name__} has no method '{layout['name']}' for the calculation of that name")
            keys = [[key for per_input in o["inputs"] for key in per_input] for o in layout["objects"]]
            self._calculations.append((method, layout, keys, [o["id"] for o in layout["objects"]]))
        self.init_calculation_service(self.energy_system)

    def _step(self, payload):
        started = time_module.perf_counter()
        index, call, calls, unix, n = struct.unpack_from("<HIIqI", payload, 0)
        values = array.array("d")
        values.frombytes(payload[22:22 + 8 * n])
        if sys.byteorder != "little":
            values.byteswap()
        method, layout, keys, ids = self._calculations[index]
        outputs = layout["outputs"]
        self.influx_connector._bind(outputs + layout["recorded"], ids)
        self.influx_connector._points = []
        time = datetime.datetime.fromtimestamp(unix, tz=datetime.timezone.utc)
        step = TimeStepInformation(call, calls)
        result = array.array("d")
        k = 0
        for esdl_id, object_keys in zip(ids, keys):
            params = {}
            for key in object_keys:
                params[key] = values[k]
                k += 1
            answer = method(params, time, step, esdl_id, self.energy_system)
            if answer is None:
                answer = {}
            elif not isinstance(answer, dict):
                answer = vars(answer)
            for name in outputs:
                if name not in answer:
                    raise KeyError(f"{layout['name']} returned no '{name}' for {esdl_id}; it returned {sorted(answer)}")
                result.append(float(answer[name]))
        if sys.byteorder != "little":
            result.byteswap()
        points = self.influx_connector._points
        tail = b"".join(struct.pack("<IHd", o, i, v) for o, i, v in points)
        spent = struct.pack("<d", time_module.perf_counter() - started)
        return struct.pack("<I", len(result)) + result.tobytes() + struct.pack("<I", len(points)) + tail + spent

    def _send(self, kind, payload):
        self._socket.sendall(struct.pack("<IB", len(payload) + 1, kind) + payload)

    def _receive(self):
        header = _read(self._socket, 5)
        length, kind = struct.unpack("<IB", header)
        return kind, _read(self._socket, length - 1)


def _read(sock, n):
    chunks = bytearray()
    while len(chunks) < n:
        chunk = sock.recv(n - len(chunks))
        if not chunk:
            raise ConnectionError("the engine closed the connection")
        chunks.extend(chunk)
    return bytes(chunks)


def _accept(address):
    """Waits for one engine on tcp:HOST:PORT or unix:PATH (a service started by hand; the run's services file says connect)."""
    if address.startswith("unix:"):
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(address[5:])
    elif address.startswith("tcp:"):
        host, port = address[4:].rsplit(":", 1)
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((host, int(port)))
    else:
        raise SystemExit("QUARTIER_SERVICE_LISTEN must be tcp:HOST:PORT or unix:PATH")
    server.listen(1)
    connection, _ = server.accept()
    server.close()
    if address.startswith("tcp:"):
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


def _connect(address):
    if address.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(address[5:])
        return s
    if address.startswith("tcp:"):
        host, port = address[4:].rsplit(":", 1)
        s = socket.create_connection((host, int(port)))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return s
    raise SystemExit("QUARTIER_SERVICE_ADDRESS is not set (unix:PATH or tcp:HOST:PORT): start this service through quartier run --services")
