namespace Quartier.Tests.Shared;

/// <summary>The status documents exactly as on EOS's resource page (docs/akkudoktoreos/resource.md), the three-phase one with its trailing comma.</summary>
internal static class EosStatusExamples
{
    public const string ActuatorStatus = """
        {
          "type": "FRBCActuatorStatus",
          "active_operation_mode_id": "GRID_SUPPORT_IMPORT",
          "operation_mode_factor": "0.375",
          "previous_operation_mode_id": "SELF_CONSUMPTION",
          "transistion_timestamp": "20250725T12:00:12"
        }
        """;

    public const string StorageStatus = """
        {
          "type": "FRBCStorageStatus",
          "present_fill_level": "0.88"
        }
        """;

    public const string ThreePhaseMeasurement = """
        {
          "type": "PowerMeasurement",
          "measurement_timestamp": "20250725T12:00:12",
          "values": [
            {
              "commodity_quantity": "ELECTRIC.POWER.L1",
              "value": "887.5"
            },
            {
              "commodity_quantity": "ELECTRIC.POWER.L2",
              "value": "905.5"
            },
            {
              "commodity_quantity": "ELECTRIC.POWER.L2",
              "value": "1100.7"
            },
          ]
        }
        """;

    public const string SymmetricMeasurement = """
        {
          "type": "PowerMeasurement",
          "measurement_timestamp": "20250725T12:00:12",
          "values": [
            {
              "commodity_quantity": "ELECTRIC.POWER.3_PHASE_SYM",
              "value": "1000"
            }
          ]
        }
        """;
}
