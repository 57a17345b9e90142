"""A PV calculation service in Python for Quartier, written as DOTS's template writes one."""
import os
import sys

sys.path.insert(0, os.environ.get("QUARTIER_PYTHON_SDK", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "sdk", "python")))

from quartier_service import CalculationServiceBase, get_single_param_with_name  # noqa: E402

PERFORMANCE_RATIO = float(os.environ.get("PERFORMANCE_RATIO", "0.85"))  # a parameter: the services file or a DOTS request's additional_env_variable


class PvInstallationPython(CalculationServiceBase):
    def init_calculation_service(self, energy_system):
        self.factor = {}
        self.cap = {}
        for esdl_id in self.simulator_configuration.esdl_ids:
            pv = energy_system[esdl_id]
            area = pv.attribute("surfaceArea")
            efficiency = pv.attribute("panelEfficiency")
            power = pv.attribute("power")
            if area is not None and efficiency is not None:
                self.factor[esdl_id] = area * efficiency
                self.cap[esdl_id] = power if power and power > 0 else float("inf")
            else:
                self.factor[esdl_id] = power / 1000.0
                self.cap[esdl_id] = float("inf")
        self.logger.info("PV service ready for %d installations (performance ratio %s)", len(self.factor), PERFORMANCE_RATIO)

    def pv_production(self, param_dict, simulation_time, time_step_number, esdl_id, energy_system):
        irradiance = get_single_param_with_name(param_dict, "solar_irradiance")
        self.influx_connector.set_time_step_data_point(esdl_id, "irradiance_seen", simulation_time, irradiance)
        power = max(0.0, self.factor[esdl_id] * irradiance * PERFORMANCE_RATIO)
        return {"potential_active_power": min(power, self.cap[esdl_id])}


if __name__ == "__main__":
    service = PvInstallationPython()
    service.start_simulation()
    service.stop_simulation()
