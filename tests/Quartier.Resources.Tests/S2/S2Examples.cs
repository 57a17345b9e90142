namespace Quartier.Resources.Tests.S2;

/// <summary>
/// One realistic example of every S2 message type (a DHW heat pump and an EV under FRBC, a CHP under OMBC, a hybrid heat
/// system under DDBC, a washing machine under PPBC, a PV inverter under PEBC). Together they use every property of every
/// schema at least once, are schema-valid and pass <c>S2Validator</c>. Timestamps are in the canonical form the serializer
/// writes, so parse → serialise reproduces the text's JSON exactly.
/// </summary>
internal static class S2Examples
{
    public static readonly IReadOnlyDictionary<string, string> ByMessageType = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Handshake"] = """
            {
              "message_type": "Handshake",
              "message_id": "msg-rm-hs-1",
              "role": "RM",
              "supported_protocol_versions": ["0.0.2-beta", "0.0.1-beta"]
            }
            """,
        ["HandshakeResponse"] = """
            {
              "message_type": "HandshakeResponse",
              "message_id": "msg-cem-hsr-1",
              "selected_protocol_version": "0.0.2-beta"
            }
            """,
        ["InstructionStatusUpdate"] = """
            {
              "message_type": "InstructionStatusUpdate",
              "message_id": "msg-isu-7",
              "instruction_id": "instr-hp-on-42",
              "status_type": "STARTED",
              "timestamp": "2024-05-01T14:00:03.25+02:00"
            }
            """,
        ["PowerForecast"] = """
            {
              "message_type": "PowerForecast",
              "message_id": "msg-pv-forecast-1",
              "start_time": "2024-05-01T10:00:00Z",
              "elements": [
                {
                  "duration": 900000,
                  "power_values": [
                    {
                      "value_upper_limit": 0,
                      "value_upper_95PPR": -1200,
                      "value_upper_68PPR": -1800,
                      "value_expected": -2100,
                      "value_lower_68PPR": -2400,
                      "value_lower_95PPR": -3000,
                      "value_lower_limit": -4000,
                      "commodity_quantity": "ELECTRIC.POWER.L1"
                    }
                  ]
                },
                {
                  "duration": 900000,
                  "power_values": [
                    { "value_expected": -2300, "commodity_quantity": "ELECTRIC.POWER.L1" }
                  ]
                }
              ]
            }
            """,
        ["PowerMeasurement"] = """
            {
              "message_type": "PowerMeasurement",
              "message_id": "msg-meas-1001",
              "measurement_timestamp": "2024-05-01T12:00:00Z",
              "values": [
                { "commodity_quantity": "ELECTRIC.POWER.L1", "value": 1510.5 },
                { "commodity_quantity": "ELECTRIC.POWER.L2", "value": 1498 },
                { "commodity_quantity": "ELECTRIC.POWER.L3", "value": 1502.25 }
              ]
            }
            """,
        ["ReceptionStatus"] = """
            {
              "message_type": "ReceptionStatus",
              "subject_message_id": "msg-frbc-sd-1",
              "status": "INVALID_CONTENT",
              "diagnostic_label": "transition t-on refers to unknown timer"
            }
            """,
        ["ResourceManagerDetails"] = """
            {
              "message_type": "ResourceManagerDetails",
              "message_id": "msg-rmd-1",
              "resource_id": "rm-heatpump-01",
              "name": "Heat pump attic",
              "roles": [
                { "role": "ENERGY_CONSUMER", "commodity": "ELECTRICITY" },
                { "role": "ENERGY_STORAGE", "commodity": "HEAT" }
              ],
              "manufacturer": "Acme Heating",
              "model": "AH-8 Split",
              "serial_number": "AH8-2023-004711",
              "firmware_version": "4.2.1",
              "instruction_processing_delay": 5000,
              "available_control_types": ["FILL_RATE_BASED_CONTROL", "NOT_CONTROLABLE"],
              "currency": "EUR",
              "provides_forecast": true,
              "provides_power_measurement_types": ["ELECTRIC.POWER.L1", "HEAT.THERMAL_POWER"]
            }
            """,
        ["RevokeObject"] = """
            {
              "message_type": "RevokeObject",
              "message_id": "msg-revoke-3",
              "object_type": "PPBC.ScheduleInstruction",
              "object_id": "instr-wm-schedule-1"
            }
            """,
        ["SelectControlType"] = """
            {
              "message_type": "SelectControlType",
              "message_id": "msg-sct-1",
              "control_type": "FILL_RATE_BASED_CONTROL"
            }
            """,
        ["SessionRequest"] = """
            {
              "message_type": "SessionRequest",
              "message_id": "msg-session-9",
              "request": "RECONNECT",
              "diagnostic_label": "firmware update finished"
            }
            """,
        ["FRBC.SystemDescription"] = """
            {
              "message_type": "FRBC.SystemDescription",
              "message_id": "msg-frbc-sd-1",
              "valid_from": "2024-05-01T12:00:00Z",
              "actuators": [
                {
                  "id": "hp-compressor",
                  "diagnostic_label": "DHW heat pump compressor",
                  "supported_commodities": ["ELECTRICITY"],
                  "operation_modes": [
                    {
                      "id": "om-off",
                      "diagnostic_label": "Off",
                      "elements": [
                        {
                          "fill_level_range": { "start_of_range": 45, "end_of_range": 55 },
                          "fill_rate": { "start_of_range": 0, "end_of_range": 0 },
                          "power_ranges": [
                            { "start_of_range": 0, "end_of_range": 0, "commodity_quantity": "ELECTRIC.POWER.L1" }
                          ]
                        }
                      ],
                      "abnormal_condition_only": false
                    },
                    {
                      "id": "om-on",
                      "diagnostic_label": "Heating",
                      "elements": [
                        {
                          "fill_level_range": { "start_of_range": 45, "end_of_range": 50 },
                          "fill_rate": { "start_of_range": 0.00209, "end_of_range": 0.00835 },
                          "power_ranges": [
                            { "start_of_range": 500, "end_of_range": 2000, "commodity_quantity": "ELECTRIC.POWER.L1" }
                          ],
                          "running_costs": { "start_of_range": 0.000001, "end_of_range": 0.000002 }
                        },
                        {
                          "fill_level_range": { "start_of_range": 50, "end_of_range": 55 },
                          "fill_rate": { "start_of_range": 0.0018, "end_of_range": 0.0072 },
                          "power_ranges": [
                            { "start_of_range": 550, "end_of_range": 2200, "commodity_quantity": "ELECTRIC.POWER.L1" }
                          ],
                          "running_costs": { "start_of_range": 0.000001, "end_of_range": 0.000002 }
                        }
                      ],
                      "abnormal_condition_only": false
                    }
                  ],
                  "transitions": [
                    {
                      "id": "t-off-on",
                      "from": "om-off",
                      "to": "om-on",
                      "start_timers": ["timer-min-on"],
                      "blocking_timers": ["timer-min-off"],
                      "transition_costs": 0.002,
                      "transition_duration": 30000,
                      "abnormal_condition_only": false
                    },
                    {
                      "id": "t-on-off",
                      "from": "om-on",
                      "to": "om-off",
                      "start_timers": ["timer-min-off"],
                      "blocking_timers": ["timer-min-on"],
                      "abnormal_condition_only": false
                    }
                  ],
                  "timers": [
                    { "id": "timer-min-on", "diagnostic_label": "minimum on time", "duration": 600000 },
                    { "id": "timer-min-off", "diagnostic_label": "minimum off time", "duration": 300000 }
                  ]
                }
              ],
              "storage": {
                "diagnostic_label": "DHW buffer 200 l",
                "fill_level_label": "degrees Celsius",
                "provides_leakage_behaviour": true,
                "provides_fill_level_target_profile": true,
                "provides_usage_forecast": true,
                "fill_level_range": { "start_of_range": 45, "end_of_range": 55 }
              }
            }
            """,
        ["FRBC.ActuatorStatus"] = """
            {
              "message_type": "FRBC.ActuatorStatus",
              "message_id": "msg-frbc-as-12",
              "actuator_id": "hp-compressor",
              "active_operation_mode_id": "om-on",
              "operation_mode_factor": 0.75,
              "previous_operation_mode_id": "om-off",
              "transition_timestamp": "2024-05-01T12:15:00Z"
            }
            """,
        ["FRBC.FillLevelTargetProfile"] = """
            {
              "message_type": "FRBC.FillLevelTargetProfile",
              "message_id": "msg-frbc-fltp-1",
              "start_time": "2024-05-01T06:00:00Z",
              "elements": [
                { "duration": 3600000, "fill_level_range": { "start_of_range": 45, "end_of_range": 55 } },
                { "duration": 1800000, "fill_level_range": { "start_of_range": 52, "end_of_range": 55 } }
              ]
            }
            """,
        ["FRBC.Instruction"] = """
            {
              "message_type": "FRBC.Instruction",
              "message_id": "msg-frbc-instr-42",
              "id": "instr-hp-on-42",
              "actuator_id": "hp-compressor",
              "operation_mode": "om-on",
              "operation_mode_factor": 0.5,
              "execution_time": "2024-05-01T12:15:00Z",
              "abnormal_condition": false
            }
            """,
        ["FRBC.LeakageBehaviour"] = """
            {
              "message_type": "FRBC.LeakageBehaviour",
              "message_id": "msg-frbc-lb-1",
              "valid_from": "2024-05-01T12:00:00Z",
              "elements": [
                { "fill_level_range": { "start_of_range": 45, "end_of_range": 50 }, "leakage_rate": 0.00011 },
                { "fill_level_range": { "start_of_range": 50, "end_of_range": 55 }, "leakage_rate": 0.00014 }
              ]
            }
            """,
        ["FRBC.StorageStatus"] = """
            {
              "message_type": "FRBC.StorageStatus",
              "message_id": "msg-frbc-ss-77",
              "present_fill_level": 48.6
            }
            """,
        ["FRBC.TimerStatus"] = """
            {
              "message_type": "FRBC.TimerStatus",
              "message_id": "msg-frbc-ts-3",
              "timer_id": "timer-min-on",
              "actuator_id": "hp-compressor",
              "finished_at": "2024-05-01T12:25:00Z"
            }
            """,
        ["FRBC.UsageForecast"] = """
            {
              "message_type": "FRBC.UsageForecast",
              "message_id": "msg-frbc-uf-1",
              "start_time": "2024-05-01T12:00:00Z",
              "elements": [
                {
                  "duration": 3600000,
                  "usage_rate_upper_limit": 0.01,
                  "usage_rate_upper_95PPR": 0.006,
                  "usage_rate_upper_68PPR": 0.004,
                  "usage_rate_expected": 0.003,
                  "usage_rate_lower_68PPR": 0.002,
                  "usage_rate_lower_95PPR": 0.001,
                  "usage_rate_lower_limit": 0
                },
                { "duration": 7200000, "usage_rate_expected": 0.0005 }
              ]
            }
            """,
        ["OMBC.SystemDescription"] = """
            {
              "message_type": "OMBC.SystemDescription",
              "message_id": "msg-ombc-sd-1",
              "valid_from": "2024-05-01T00:00:00Z",
              "operation_modes": [
                {
                  "id": "chp-off",
                  "diagnostic_label": "Off",
                  "power_ranges": [
                    { "start_of_range": 0, "end_of_range": 0, "commodity_quantity": "ELECTRIC.POWER.3_PHASE_SYMMETRIC" },
                    { "start_of_range": 0, "end_of_range": 0, "commodity_quantity": "NATURAL_GAS.FLOW_RATE" }
                  ],
                  "abnormal_condition_only": false
                },
                {
                  "id": "chp-run",
                  "diagnostic_label": "Running",
                  "power_ranges": [
                    { "start_of_range": -5000, "end_of_range": -5000, "commodity_quantity": "ELECTRIC.POWER.3_PHASE_SYMMETRIC" },
                    { "start_of_range": 0.00047, "end_of_range": 0.00047, "commodity_quantity": "NATURAL_GAS.FLOW_RATE" }
                  ],
                  "running_costs": { "start_of_range": 0.00002, "end_of_range": 0.00003 },
                  "abnormal_condition_only": false
                }
              ],
              "transitions": [
                {
                  "id": "chp-start",
                  "from": "chp-off",
                  "to": "chp-run",
                  "start_timers": ["chp-min-run"],
                  "blocking_timers": ["chp-cooldown"],
                  "transition_costs": 0.15,
                  "transition_duration": 120000,
                  "abnormal_condition_only": false
                },
                {
                  "id": "chp-stop",
                  "from": "chp-run",
                  "to": "chp-off",
                  "start_timers": ["chp-cooldown"],
                  "blocking_timers": ["chp-min-run"],
                  "abnormal_condition_only": false
                }
              ],
              "timers": [
                { "id": "chp-min-run", "diagnostic_label": "minimum run time", "duration": 1800000 },
                { "id": "chp-cooldown", "duration": 900000 }
              ]
            }
            """,
        ["OMBC.Instruction"] = """
            {
              "message_type": "OMBC.Instruction",
              "message_id": "msg-ombc-instr-5",
              "id": "instr-chp-run-5",
              "execution_time": "2024-05-01T17:00:00Z",
              "operation_mode_id": "chp-run",
              "operation_mode_factor": 1,
              "abnormal_condition": false
            }
            """,
        ["OMBC.Status"] = """
            {
              "message_type": "OMBC.Status",
              "message_id": "msg-ombc-status-8",
              "active_operation_mode_id": "chp-run",
              "operation_mode_factor": 0.6,
              "previous_operation_mode_id": "chp-off",
              "transition_timestamp": "2024-05-01T17:00:02Z"
            }
            """,
        ["OMBC.TimerStatus"] = """
            {
              "message_type": "OMBC.TimerStatus",
              "message_id": "msg-ombc-ts-2",
              "timer_id": "chp-min-run",
              "finished_at": "2024-05-01T17:30:02Z"
            }
            """,
        ["DDBC.SystemDescription"] = """
            {
              "message_type": "DDBC.SystemDescription",
              "message_id": "msg-ddbc-sd-1",
              "valid_from": "2024-05-01T00:00:00Z",
              "actuators": [
                {
                  "id": "hybrid-hp",
                  "diagnostic_label": "heat pump part",
                  "supported_commodites": ["ELECTRICITY"],
                  "operation_modes": [
                    {
                      "Id": "hp-idle",
                      "diagnostic_label": "Idle",
                      "power_ranges": [
                        { "start_of_range": 0, "end_of_range": 0, "commodity_quantity": "ELECTRIC.POWER.L1" }
                      ],
                      "supply_range": { "start_of_range": 0, "end_of_range": 0 },
                      "abnormal_condition_only": false
                    },
                    {
                      "Id": "hp-heat",
                      "diagnostic_label": "Heating",
                      "power_ranges": [
                        { "start_of_range": 800, "end_of_range": 2500, "commodity_quantity": "ELECTRIC.POWER.L1" }
                      ],
                      "supply_range": { "start_of_range": 2800, "end_of_range": 8000 },
                      "running_costs": { "start_of_range": 0.000005, "end_of_range": 0.000008 },
                      "abnormal_condition_only": false
                    }
                  ],
                  "transitions": [
                    {
                      "id": "hp-start",
                      "from": "hp-idle",
                      "to": "hp-heat",
                      "start_timers": ["hp-min-on"],
                      "blocking_timers": [],
                      "transition_duration": 60000,
                      "abnormal_condition_only": false
                    },
                    {
                      "id": "hp-stop",
                      "from": "hp-heat",
                      "to": "hp-idle",
                      "start_timers": [],
                      "blocking_timers": ["hp-min-on"],
                      "abnormal_condition_only": false
                    }
                  ],
                  "timers": [
                    { "id": "hp-min-on", "duration": 900000 }
                  ]
                },
                {
                  "id": "gas-boiler",
                  "supported_commodites": ["GAS"],
                  "operation_modes": [
                    {
                      "Id": "boiler-on",
                      "power_ranges": [
                        { "start_of_range": 0, "end_of_range": 0.0012, "commodity_quantity": "NATURAL_GAS.FLOW_RATE" }
                      ],
                      "supply_range": { "start_of_range": 0, "end_of_range": 24000 },
                      "abnormal_condition_only": false
                    }
                  ],
                  "transitions": [],
                  "timers": []
                }
              ],
              "present_demand_rate": { "start_of_range": 3000, "end_of_range": 3500 },
              "provides_average_demand_rate_forecast": true
            }
            """,
        ["DDBC.ActuatorStatus"] = """
            {
              "message_type": "DDBC.ActuatorStatus",
              "message_id": "msg-ddbc-as-4",
              "actuator_id": "hybrid-hp",
              "active_operation_mode_id": "hp-heat",
              "operation_mode_factor": 0.1,
              "previous_operation_mode_id": "hp-idle",
              "transition_timestamp": "2024-05-01T06:30:00Z"
            }
            """,
        ["DDBC.AverageDemandRateForecast"] = """
            {
              "message_type": "DDBC.AverageDemandRateForecast",
              "message_id": "msg-ddbc-adrf-1",
              "start_time": "2024-05-01T06:00:00Z",
              "elements": [
                {
                  "duration": 3600000,
                  "demand_rate_upper_limit": 9000,
                  "demand_rate_upper_95PPR": 6000,
                  "demand_rate_upper_68PPR": 5000,
                  "demand_rate_expected": 4200,
                  "demand_rate_lower_68PPR": 3500,
                  "demand_rate_lower_95PPR": 2500,
                  "demand_rate_lower_limit": 0
                },
                { "duration": 3600000, "demand_rate_expected": 3100 }
              ]
            }
            """,
        ["DDBC.Instruction"] = """
            {
              "message_type": "DDBC.Instruction",
              "message_id": "msg-ddbc-instr-2",
              "id": "instr-hybrid-2",
              "execution_time": "2024-05-01T06:30:00Z",
              "abnormal_condition": false,
              "actuator_id": "hybrid-hp",
              "operation_mode_id": "hp-heat",
              "operation_mode_factor": 0.25
            }
            """,
        ["DDBC.TimerStatus"] = """
            {
              "message_type": "DDBC.TimerStatus",
              "message_id": "msg-ddbc-ts-1",
              "timer_id": "hp-min-on",
              "actuator_id": "hybrid-hp",
              "finished_at": "2024-05-01T06:45:00Z"
            }
            """,
        ["PPBC.PowerProfileDefinition"] = """
            {
              "message_type": "PPBC.PowerProfileDefinition",
              "message_id": "msg-ppbc-ppd-1",
              "id": "wm-profile-1",
              "start_time": "2024-05-01T09:00:00Z",
              "end_time": "2024-05-01T17:00:00Z",
              "power_sequences_containers": [
                {
                  "id": "wm-wash",
                  "power_sequences": [
                    {
                      "id": "wash-eco",
                      "elements": [
                        {
                          "duration": 900000,
                          "power_values": [
                            {
                              "value_upper_limit": 2100,
                              "value_upper_95PPR": 2050,
                              "value_upper_68PPR": 2020,
                              "value_expected": 2000,
                              "value_lower_68PPR": 1980,
                              "value_lower_95PPR": 1950,
                              "value_lower_limit": 1900,
                              "commodity_quantity": "ELECTRIC.POWER.L1"
                            }
                          ]
                        },
                        {
                          "duration": 2700000,
                          "power_values": [ { "value_expected": 150, "commodity_quantity": "ELECTRIC.POWER.L1" } ]
                        }
                      ],
                      "is_interruptible": false,
                      "abnormal_condition_only": false
                    },
                    {
                      "id": "wash-quick",
                      "elements": [
                        {
                          "duration": 1200000,
                          "power_values": [ { "value_expected": 2200, "commodity_quantity": "ELECTRIC.POWER.L1" } ]
                        }
                      ],
                      "is_interruptible": false,
                      "abnormal_condition_only": false
                    }
                  ]
                },
                {
                  "id": "wm-spin",
                  "power_sequences": [
                    {
                      "id": "spin-1400",
                      "elements": [
                        {
                          "duration": 600000,
                          "power_values": [ { "value_expected": 450, "commodity_quantity": "ELECTRIC.POWER.L1" } ]
                        }
                      ],
                      "is_interruptible": true,
                      "max_pause_before": 3600000,
                      "abnormal_condition_only": false
                    }
                  ]
                }
              ]
            }
            """,
        ["PPBC.PowerProfileStatus"] = """
            {
              "message_type": "PPBC.PowerProfileStatus",
              "message_id": "msg-ppbc-pps-3",
              "sequence_container_status": [
                {
                  "power_profile_id": "wm-profile-1",
                  "sequence_container_id": "wm-wash",
                  "selected_sequence_id": "wash-eco",
                  "progress": 1260000,
                  "status": "EXECUTING"
                },
                {
                  "power_profile_id": "wm-profile-1",
                  "sequence_container_id": "wm-spin",
                  "status": "NOT_SCHEDULED"
                }
              ]
            }
            """,
        ["PPBC.ScheduleInstruction"] = """
            {
              "message_type": "PPBC.ScheduleInstruction",
              "message_id": "msg-ppbc-si-1",
              "id": "instr-wm-schedule-1",
              "power_profile_id": "wm-profile-1",
              "sequence_container_id": "wm-wash",
              "power_sequence_id": "wash-eco",
              "execution_time": "2024-05-01T11:00:00Z",
              "abnormal_condition": false
            }
            """,
        ["PPBC.StartInterruptionInstruction"] = """
            {
              "message_type": "PPBC.StartInterruptionInstruction",
              "message_id": "msg-ppbc-sii-1",
              "id": "instr-wm-pause-1",
              "power_profile_id": "wm-profile-1",
              "sequence_container_id": "wm-spin",
              "power_sequence_id": "spin-1400",
              "execution_time": "2024-05-01T12:05:00Z",
              "abnormal_condition": true
            }
            """,
        ["PPBC.EndInterruptionInstruction"] = """
            {
              "message_type": "PPBC.EndInterruptionInstruction",
              "message_id": "msg-ppbc-eii-1",
              "id": "instr-wm-resume-1",
              "power_profile_id": "wm-profile-1",
              "sequence_container_id": "wm-spin",
              "power_sequence_id": "spin-1400",
              "execution_time": "2024-05-01T12:35:00Z",
              "abnormal_condition": true
            }
            """,
        ["PEBC.PowerConstraints"] = """
            {
              "message_type": "PEBC.PowerConstraints",
              "message_id": "msg-pebc-pc-1",
              "id": "pv-constraints-1",
              "valid_from": "2024-05-01T00:00:00Z",
              "valid_until": "2024-05-02T00:00:00Z",
              "consequence_type": "VANISH",
              "allowed_limit_ranges": [
                {
                  "commodity_quantity": "ELECTRIC.POWER.L1",
                  "limit_type": "LOWER_LIMIT",
                  "range_boundary": { "start_of_range": -4000, "end_of_range": 0 },
                  "abnormal_condition_only": false
                },
                {
                  "commodity_quantity": "ELECTRIC.POWER.L1",
                  "limit_type": "UPPER_LIMIT",
                  "range_boundary": { "start_of_range": 0, "end_of_range": 0 },
                  "abnormal_condition_only": false
                }
              ]
            }
            """,
        ["PEBC.EnergyConstraint"] = """
            {
              "message_type": "PEBC.EnergyConstraint",
              "message_id": "msg-pebc-ec-1",
              "id": "ev-energy-1",
              "valid_from": "2024-05-01T18:00:00Z",
              "valid_until": "2024-05-02T07:00:00Z",
              "upper_average_power": 3000,
              "lower_average_power": 1000,
              "commodity_quantity": "ELECTRIC.POWER.3_PHASE_SYMMETRIC"
            }
            """,
        ["PEBC.Instruction"] = """
            {
              "message_type": "PEBC.Instruction",
              "message_id": "msg-pebc-instr-1",
              "id": "instr-pv-curtail-1",
              "execution_time": "2024-05-01T12:00:00Z",
              "abnormal_condition": false,
              "power_constraints_id": "pv-constraints-1",
              "power_envelopes": [
                {
                  "id": "pv-envelope-1",
                  "commodity_quantity": "ELECTRIC.POWER.L1",
                  "power_envelope_elements": [
                    { "duration": 3600000, "upper_limit": 0, "lower_limit": -2500 },
                    { "duration": 7200000, "upper_limit": 0, "lower_limit": -4000 }
                  ]
                }
              ]
            }
            """,
    };

    /// <summary>Every message type, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> MessageTypes
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in ByMessageType.Keys.Order(StringComparer.Ordinal))
            {
                data.Add(name);
            }

            return data;
        }
    }
}
